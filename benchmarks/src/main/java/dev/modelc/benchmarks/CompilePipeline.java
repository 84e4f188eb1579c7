package dev.modelc.benchmarks;

import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compiler's pipeline in a warm JVM, on the source text of each of the four benchmark models
 * (copied into the jar from {@code src/main/nn}): {@code compile} runs parse, check, differentiate,
 * optimize, plan and generate, and {@code compileToText} also renders the Java file, as writing it
 * does, without the file system. What a fresh {@code modelc} process spends beyond these figures
 * is the JVM loading and warming up the compiler; {@code modelc --timings} shows that cold time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class CompilePipeline {
  @Param({"tiny", "small", "mnist", "deep"})
  public String model;

  private SourceFile source;

  @Setup
  public void setUp() {
    String name = model + ".nn";
    try (InputStream in = CompilePipeline.class.getResourceAsStream("/nn/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no resource /nn/" + name);
      }
      source = new SourceFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Diagnostics diagnostics = new Diagnostics();
    if (Compiler.compile(source, Compiler.Options.defaults(), diagnostics).files().size() != 1 || diagnostics.hasErrors()) {
      throw new IllegalStateException(name + " does not compile to one class");
    }
  }

  @Benchmark
  public Compiler.Result compile() {
    return Compiler.compile(source, Compiler.Options.defaults(), new Diagnostics());
  }

  @Benchmark
  public String compileToText() {
    return Compiler.compile(source, Compiler.Options.defaults(), new Diagnostics()).files().get(0).toString();
  }
}
