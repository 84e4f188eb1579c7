package dev.modelc.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@code trainStep} (forward, backward, Adam) of each model on a fixed random batch of the
 * size its train block names. Model and batch are made in {@code @Setup}, which also takes one
 * step so that the model sizes its workspace before anything is measured: run with
 * {@code -prof gc}, the measured steps show what a warm step allocates (nothing).
 *
 * <p>Before every iteration the parameters go back to their initial values, copied into the live
 * {@code parameters()} array, which allocates nothing. Without that, a network trained for
 * seconds on one batch learns it by heart, and its later steps, on vanishing gradients, are
 * measurably slower (about 20 % for Mnist after 20,000 steps) and unlike those of real training.
 * The optimizer's moments carry on; they only scale the step.
 *
 * <p>The defaults are those of STACK.md for two noisy cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dmodelc.threads=1"})
public class TrainStep {

  /** Tiny (2-8-1, mse) and its batch of 4. */
  @State(Scope.Thread)
  public static class TinyState {
    Tiny model;
    int n;
    float[] x;
    float[] y;
    float[] initial;

    @Setup(Level.Trial)
    public void setUp() {
      model = new Tiny();
      n = model.trainConfig().batch();
      x = Data.inputs(n, Tiny.INPUT_SIZE, 1);
      y = Data.targets(n, Tiny.TARGET_SIZE, 2);
      initial = model.parameters().clone();
      model.trainStep(x, y, n);
    }

    @Setup(Level.Iteration)
    public void restart() {
      System.arraycopy(initial, 0, model.parameters(), 0, initial.length);
    }
  }

  /** Small (64-32-10, cross-entropy) and its batch of 32. */
  @State(Scope.Thread)
  public static class SmallState {
    Small model;
    int n;
    float[] x;
    float[] y;
    float[] initial;

    @Setup(Level.Trial)
    public void setUp() {
      model = new Small();
      n = model.trainConfig().batch();
      x = Data.inputs(n, Small.INPUT_SIZE, 1);
      y = Data.labels(n, Small.OUTPUT_SIZE, 2);
      initial = model.parameters().clone();
      model.trainStep(x, y, n);
    }

    @Setup(Level.Iteration)
    public void restart() {
      System.arraycopy(initial, 0, model.parameters(), 0, initial.length);
    }
  }

  /** Mnist (784-256-10, cross-entropy) and its batch of 64. */
  @State(Scope.Thread)
  public static class MnistState {
    Mnist model;
    int n;
    float[] x;
    float[] y;
    float[] initial;

    @Setup(Level.Trial)
    public void setUp() {
      model = new Mnist();
      n = model.trainConfig().batch();
      x = Data.inputs(n, Mnist.INPUT_SIZE, 1);
      y = Data.labels(n, Mnist.OUTPUT_SIZE, 2);
      initial = model.parameters().clone();
      model.trainStep(x, y, n);
    }

    @Setup(Level.Iteration)
    public void restart() {
      System.arraycopy(initial, 0, model.parameters(), 0, initial.length);
    }
  }

  /** Deep (784-256-128-10, cross-entropy) and its batch of 128. */
  @State(Scope.Thread)
  public static class DeepState {
    Deep model;
    int n;
    float[] x;
    float[] y;
    float[] initial;

    @Setup(Level.Trial)
    public void setUp() {
      model = new Deep();
      n = model.trainConfig().batch();
      x = Data.inputs(n, Deep.INPUT_SIZE, 1);
      y = Data.labels(n, Deep.OUTPUT_SIZE, 2);
      initial = model.parameters().clone();
      model.trainStep(x, y, n);
    }

    @Setup(Level.Iteration)
    public void restart() {
      System.arraycopy(initial, 0, model.parameters(), 0, initial.length);
    }
  }

  @Benchmark
  public void tiny(TinyState s, Blackhole bh) {
    bh.consume(s.model.trainStep(s.x, s.y, s.n));
  }

  @Benchmark
  public void small(SmallState s, Blackhole bh) {
    bh.consume(s.model.trainStep(s.x, s.y, s.n));
  }

  @Benchmark
  public void mnist(MnistState s, Blackhole bh) {
    bh.consume(s.model.trainStep(s.x, s.y, s.n));
  }

  @Benchmark
  public void deep(DeepState s, Blackhole bh) {
    bh.consume(s.model.trainStep(s.x, s.y, s.n));
  }
}
