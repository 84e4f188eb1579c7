package dev.modelc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.emit.Precision;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated gradient tests compile under every lint without a warning, pass on correct
 * models (with dropout, batch norm, class and real targets, in both precisions), and fail when a
 * gradient is wrong.
 */
class GradientTestGeneratorTest {
  private static final String MODELS = """
      package g;
      model Net {
        input  x[5];
        target label : class(3);
        z   = dense(x, 6);
        n   = batch_norm(z);
        d   = dropout(relu(n), 0.3);
        out = dense(d, 3);
        output probs = softmax(out);
        loss cross_entropy(out, label) + 1e-3 * l2(z.weight);
      }
      model Fit {
        input  x[3];
        target y[2];
        param W[2, 3] init xavier;
        param b[2];
        out = sigmoid(W @ x + b);
        output out;
        loss mse(out, y);
      }
      """;

  @TempDir
  Path project;

  @ParameterizedTest
  @EnumSource(Precision.class)
  void theTestsCompileWithoutWarningsAndPass(Precision precision) throws Exception {
    ClassLoader classes = build(precision, false);
    for (String test : List.of("g.NetGradientTest", "g.FitGradientTest")) {
      List<String> ran = runTests(classes.loadClass(test));
      assertEquals(precision == Precision.FLOAT ? 2 : 1, ran.size(), test + " ran " + ran);
    }
  }

  @Test
  void aWrongGradientFailsTheFiniteDifferenceCheck() throws Exception {
    ClassLoader classes = build(Precision.FLOAT, true);
    Class<?> test = classes.loadClass("g.FitGradientTest");
    AssertionError failure = assertThrows(AssertionError.class, () -> runTests(test));
    assertTrue(failure.getMessage().startsWith("d loss / d b, element "), failure.getMessage());
  }

  /** Generates the models and their tests, compiles them with javac and loads them; may break a gradient first. */
  private ClassLoader build(Precision precision, boolean breakGradient) throws IOException {
    Path nn = project.resolve("nn");
    Files.createDirectories(nn);
    Files.writeString(nn.resolve("models.nn"), MODELS);
    Path main = project.resolve("main");
    Path tests = project.resolve("tests");
    Generation.Outcome outcome = Generation.run(new Generation.Settings(nn, main, tests, true, precision, null,
        "test", Path::toString));
    assertEquals(List.of(), outcome.errors());
    if (breakGradient) {
      // The twin's gradient of b is the sum over the batch of an expression; scale it a little.
      Path twin = tests.resolve("g/gradcheck/Fit.java");
      String text = Files.readString(twin);
      String broken = text.replaceFirst("(grads\\[6 \\+ j\\] \\+= )", "$1 1.001 * ");
      assertFalse(broken.equals(text), "the twin's update of b's gradient is where the test expects it");
      Files.writeString(twin, broken);
    }
    Path out = project.resolve("classes");
    javac(out, Stream.concat(javaFiles(main).stream(), javaFiles(tests).stream()).toList());
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  /** Compiles as a user's build with {@code -Xlint:all -Werror} would, on this test's class path. */
  private static void javac(Path out, List<Path> sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-d", out.toString(),
        "-classpath", System.getProperty("java.class.path")));
    sources.forEach(s -> args.add(s.toString()));
    StringWriter log = new StringWriter();
    Files.createDirectories(out);
    try (var fileManager = javac.getStandardFileManager(null, null, null)) {
      boolean ok = javac.getTask(log, fileManager, null, args.subList(0, args.size() - sources.size()), null,
          fileManager.getJavaFileObjectsFromPaths(sources)).call();
      assertTrue(ok && log.toString().isEmpty(), log.toString());
    }
  }

  /** Runs the methods annotated {@code @Test} on a fresh instance, as JUnit would; returns their names. */
  private static List<String> runTests(Class<?> type) throws ReflectiveOperationException {
    List<String> ran = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Test.class)) {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        m.setAccessible(true);
        try {
          m.invoke(constructor.newInstance());
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof AssertionError failure) {
            throw failure;
          }
          throw e;
        }
        ran.add(m.getName());
      }
    }
    return ran;
  }
}
