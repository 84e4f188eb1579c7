package dev.modelc.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A single-example {@code predict(x, 1, out)} of each model: the variant that writes into the
 * caller's array and allocates nothing. Model, example and output array are made in
 * {@code @Setup}, which also predicts once so that the model sizes its workspace before anything
 * is measured; predict changes no state, so one model serves the whole trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dmodelc.threads=1"})
public class Predict {

  /** Tiny with one example of 2 inputs. */
  @State(Scope.Thread)
  public static class TinyState {
    Tiny model;
    float[] x;
    float[] out;

    @Setup
    public void setUp() {
      model = new Tiny();
      x = Arrays.copyOf(Data.inputs(1, Tiny.INPUT_SIZE, 1), Tiny.INPUT_SIZE);
      out = new float[Tiny.OUTPUT_SIZE];
      model.predict(x, 1, out);
    }
  }

  /** Small with one example of 64 inputs. */
  @State(Scope.Thread)
  public static class SmallState {
    Small model;
    float[] x;
    float[] out;

    @Setup
    public void setUp() {
      model = new Small();
      x = Data.inputs(1, Small.INPUT_SIZE, 1);
      out = new float[Small.OUTPUT_SIZE];
      model.predict(x, 1, out);
    }
  }

  /** Mnist with one example of 784 inputs. */
  @State(Scope.Thread)
  public static class MnistState {
    Mnist model;
    float[] x;
    float[] out;

    @Setup
    public void setUp() {
      model = new Mnist();
      x = Data.inputs(1, Mnist.INPUT_SIZE, 1);
      out = new float[Mnist.OUTPUT_SIZE];
      model.predict(x, 1, out);
    }
  }

  /** Deep with one example of 784 inputs. */
  @State(Scope.Thread)
  public static class DeepState {
    Deep model;
    float[] x;
    float[] out;

    @Setup
    public void setUp() {
      model = new Deep();
      x = Data.inputs(1, Deep.INPUT_SIZE, 1);
      out = new float[Deep.OUTPUT_SIZE];
      model.predict(x, 1, out);
    }
  }

  // The output array lives in the state, so the writes into it cannot be dropped; the blackhole
  // also receives one element, which the JIT must therefore compute.

  @Benchmark
  public void tiny(TinyState s, Blackhole bh) {
    s.model.predict(s.x, 1, s.out);
    bh.consume(s.out[0]);
  }

  @Benchmark
  public void small(SmallState s, Blackhole bh) {
    s.model.predict(s.x, 1, s.out);
    bh.consume(s.out[0]);
  }

  @Benchmark
  public void mnist(MnistState s, Blackhole bh) {
    s.model.predict(s.x, 1, s.out);
    bh.consume(s.out[0]);
  }

  @Benchmark
  public void deep(DeepState s, Blackhole bh) {
    s.model.predict(s.x, 1, s.out);
    bh.consume(s.out[0]);
  }
}
