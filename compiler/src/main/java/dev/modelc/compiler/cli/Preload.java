package dev.modelc.compiler.cli;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.modelc.compiler.check.FunctionNames;
import dev.modelc.grammar.ModelLexer;
import dev.modelc.grammar.ModelParser;
import javax.lang.model.element.Modifier;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Sets up, on a thread of its own, what every compile sets up once and the same way: the
 * grammar's tables (ANTLR reads them from their serialized form), the table of built-in
 * functions (each entry links a lambda), and JavaPoet's builders and rendering (whose string
 * concatenations link method handles on first use), by rendering a small class. In a fresh JVM
 * that takes tens of milliseconds, which picocli's parsing of the command line, on the main
 * thread, covers; the driver waits for it before compiling, so no stage ever meets a class that
 * is being initialized by the other thread.
 */
final class Preload implements Runnable {
  private static Thread thread;
  /** How long the setup took, in nanoseconds, once it is done; -1 before, or when never started. */
  private static volatile long nanos = -1;

  private Preload() {}

  /** Starts the setup; {@code main} calls it first thing. */
  static void start() {
    // A Runnable of its own rather than a method reference, which the main thread would link first.
    thread = new Thread(new Preload(), "modelc-preload");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for the setup to finish; returns at once when it was never started, as in tests. */
  static void await() {
    if (thread == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long the setup took, in nanoseconds; -1 when it did not run or has not finished. */
  static long nanos() {
    return nanos;
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    try {
      new ModelParser(new CommonTokenStream(new ModelLexer(CharStreams.fromString(""))));
      FunctionNames.all();
      renderSmallClass();
    } catch (RuntimeException | LinkageError e) {
      // A failure here happens again where the compiler needs the class, and is reported there.
    }
    nanos = System.nanoTime() - start;
  }

  /** Goes once through the JavaPoet calls that every generated class makes: builders, then rendering. */
  private static void renderSmallClass() {
    MethodSpec method = MethodSpec.methodBuilder("m")
        .addModifiers(Modifier.PUBLIC)
        .addParameter(int.class, "n")
        .addComment("$L", "c")
        .beginControlFlow("if (n > 0)")
        .addStatement("return")
        .endControlFlow()
        .build();
    TypeSpec type = TypeSpec.classBuilder("A")
        .addJavadoc("$L\n", "a")
        .addField(FieldSpec.builder(int.class, "f", Modifier.PRIVATE).initializer("$L", 0).build())
        .addMethod(method)
        .build();
    JavaFile.builder("a", type).addStaticImport(ClassName.get("dev.modelc.runtime", "Fn"), "expf").build().toString();
  }
}
