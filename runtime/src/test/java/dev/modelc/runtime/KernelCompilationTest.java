package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape of the micro-kernels that keeps C2 compiling each of them alone (see
 * {@link VectorGemmTiles}): a kernel calls no method of its class with vector code, so nothing
 * is inlined into it that could exhaust the compiler's budget and leave its loop on the Vector
 * API's plain-Java fallback; and it is longer than the 325 bytes of bytecode up to which C2
 * inlines a hot method, so it is not inlined into the packing loop either. The failure this
 * guards against shows in no result, only in time (three times slower, in some runs), so the
 * bytecode is read here with {@code javap}. The products' entry points are held to the opposite:
 * short enough to be inlined.
 */
class KernelCompilationTest {

  /** C2's {@code FreqInlineSize} on x86-64 and AArch64: the longest hot method it inlines. */
  private static final int HOT_INLINE_LIMIT = 325;
  /** Methods of the kernels' class that a kernel may call: no vector code beyond one store. */
  private static final List<String> ALLOWED = List.of("store");

  @ParameterizedTest
  @ValueSource(strings = {"VectorGemmTiles", "VectorDgemmTiles"})
  void eachKernelIsCompiledAloneAndLeavesItsSpilledTileToTheCaller(String name) {
    Map<String, Method> methods = methods("dev.modelc.runtime." + name);
    List<String> kernels = List.of("tile4", "tile6InRows", "tile6InColumns");
    for (String kernel : kernels) {
      Method method = methods.get(kernel);
      assertTrue(method != null, name + " has no method " + kernel);
      assertTrue(method.length > HOT_INLINE_LIMIT,
          name + "." + kernel + " is " + method.length + " bytes: C2 would inline it");
      for (String callee : method.calls) {
        assertTrue(!methods.containsKey(callee) || ALLOWED.contains(callee),
            name + "." + kernel + " calls " + callee);
      }
    }
    assertTrue(methods.containsKey("addTile"), name + " has no addTile for the callers");
  }

  /**
   * The vector products' entry points stay short enough for C2 to inline into their callers: a
   * small model's products take about as long as a call, and a 2-8-1 train step took half as long
   * again (1.4 µs instead of 0.93) when {@code VectorGemm.sgemm} grew to 370 bytes.
   */
  @ParameterizedTest
  @CsvSource({"VectorGemm, sgemm", "VectorDgemm, dgemm"})
  void entryPointsAreShortEnoughToBeInlined(String name, String entry) {
    Method method = methods("dev.modelc.runtime." + name).get(entry);
    assertTrue(method != null, name + " has no method " + entry);
    assertTrue(method.length <= HOT_INLINE_LIMIT,
        name + "." + entry + " is " + method.length + " bytes: C2 would not inline it");
  }

  /** A method's bytecode length and the methods it calls by name, as javap prints them. */
  private record Method(int length, List<String> calls) {}

  private static Map<String, Method> methods(String className) {
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
    StringWriter out = new StringWriter();
    String classes;
    try {
      classes = Path.of(Gemm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    int status = javap.run(new PrintWriter(out), new PrintWriter(out),
        "-c", "-p", "-cp", classes, className);
    assertEquals(0, status, out.toString());
    // A member's declaration, then its code: "  static boolean tile6(float[], ...);", "  static {};".
    Pattern header = Pattern.compile("^  \\S.*;$");
    Pattern name = Pattern.compile("(\\w+)\\(");
    Pattern instruction = Pattern.compile("^\\s+(\\d+): (\\w+)(.*)$");
    Pattern call = Pattern.compile("// (?:Interface)?Method (?:[\\w/$]+\\.)?(\\w+):");
    Map<String, Method> methods = new LinkedHashMap<>();
    String current = null;
    int last = 0;
    List<String> calls = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      Matcher h = header.matcher(line);
      if (h.matches()) {
        if (current != null) {
          methods.put(current, new Method(last + 1, calls));
        }
        Matcher n = name.matcher(line);
        current = n.find() ? n.group(1) : "<clinit>";
        last = 0;
        calls = new ArrayList<>();
        continue;
      }
      Matcher i = instruction.matcher(line);
      if (current != null && i.matches()) {
        last = Integer.parseInt(i.group(1));
        if (i.group(2).startsWith("invoke") && !i.group(3).contains("jdk/incubator")) {
          Matcher c = call.matcher(i.group(3));
          if (c.find() && !i.group(3).contains("// Method java/")) {
            calls.add(c.group(1));
          }
        }
      }
    }
    if (current != null) {
      methods.put(current, new Method(last + 1, calls));
    }
    return methods;
  }
}
