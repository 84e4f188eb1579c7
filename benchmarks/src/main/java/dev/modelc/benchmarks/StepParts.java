package dev.modelc.benchmarks;

import dev.modelc.runtime.Gemm;
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
 * Where the train step of the two large models spends its time: the step, the step without the
 * optimizer ({@code computeGradients}), and alone each matrix product the generated code makes,
 * with the shapes, transpositions and epilogues it passes to {@link Gemm}. The optimizer's share
 * is the difference of the first two; the products of the first layer are most of the rest.
 * Timed alone, a product takes what it takes inside the step, within the noise of these hosts.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar StepParts -f 1 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dmodelc.threads=1"})
public class StepParts {

  /**
   * Operands of a model's products: its batch, its live parameters, and random arrays standing
   * for each layer's output and its gradient (their values do not change the time).
   */
  @State(Scope.Thread)
  public static class Products {
    int n;
    float[] x;
    float[] params;
    float[] out1;
    float[] out2;
    float[] grad1;
    float[] grad2;
    float[] inputGradients;
    float[] weightGradients;

    void setUp(int n, int in, int hidden1, int hidden2, float[] parameters) {
      this.n = n;
      x = Data.inputs(n, in, 1);
      params = parameters;
      // Half of them positive, as after a relu's mask is computed from them.
      out1 = Data.targets(n, hidden1, 5);
      out2 = Data.targets(n, Math.max(1, hidden2), 6);
      grad1 = Data.targets(n, hidden1, 3);
      grad2 = Data.targets(n, Math.max(1, hidden2), 4);
      inputGradients = new float[n * hidden1];
      weightGradients = new float[hidden1 * in];
    }

    /** h1 = relu(x·W1ᵀ + b1): n x 256 x 784, W1 transposed, bias and relu in the epilogue. */
    void forward1() {
      Gemm.sgemmBias(false, true, n, 256, 784, x, 0, 784, params, 0, 784, out1, 0, 256,
          params, 200704, true);
    }

    /** dW1 = dH1ᵀ·x: 256 x 784 x n, dH1 transposed. */
    void weightGradient1() {
      Gemm.sgemm(true, false, 256, 784, n, grad1, 0, 256, x, 0, 784, weightGradients, 0, 784,
          false);
    }
  }

  /** Mnist's products: 64 x 784 inputs, a first layer of 256. */
  @State(Scope.Thread)
  public static class MnistProducts extends Products {
    @Setup(Level.Trial)
    public void setUp() {
      setUp(64, Mnist.INPUT_SIZE, 256, 0, new Mnist().parameters());
    }
  }

  /** Deep's products: 128 x 784 inputs, layers of 256 and 128. */
  @State(Scope.Thread)
  public static class DeepProducts extends Products {
    @Setup(Level.Trial)
    public void setUp() {
      setUp(128, Deep.INPUT_SIZE, 256, 128, new Deep().parameters());
    }
  }

  @Benchmark
  public void mnistStep(TrainStep.MnistState s, Blackhole bh) {
    bh.consume(s.model.trainStep(s.x, s.y, s.n));
  }

  @Benchmark
  public void mnistGradients(TrainStep.MnistState s, Blackhole bh) {
    bh.consume(s.model.computeGradients(s.x, s.y, s.n));
  }

  @Benchmark
  public void mnistForward1(MnistProducts p) {
    p.forward1();
  }

  @Benchmark
  public void mnistWeightGradient1(MnistProducts p) {
    p.weightGradient1();
  }

  @Benchmark
  public void deepStep(TrainStep.DeepState s, Blackhole bh) {
    bh.consume(s.model.trainStep(s.x, s.y, s.n));
  }

  @Benchmark
  public void deepGradients(TrainStep.DeepState s, Blackhole bh) {
    bh.consume(s.model.computeGradients(s.x, s.y, s.n));
  }

  @Benchmark
  public void deepForward1(DeepProducts p) {
    p.forward1();
  }

  @Benchmark
  public void deepWeightGradient1(DeepProducts p) {
    p.weightGradient1();
  }

  /** h2 = relu(h1·W2ᵀ + b2): 128 x 128 x 256. */
  @Benchmark
  public void deepForward2(DeepProducts p) {
    Gemm.sgemmBias(false, true, 128, 128, 256, p.out1, 0, 256, p.params, 200960, 256, p.out2, 0, 128,
        p.params, 233728, true);
  }

  /** dW2 = dH2ᵀ·h1: 128 x 256 x 128. */
  @Benchmark
  public void deepWeightGradient2(DeepProducts p) {
    Gemm.sgemm(true, false, 128, 256, 128, p.grad2, 0, 128, p.out1, 0, 256, p.weightGradients, 0, 256,
        false);
  }

  /** dH1 = (dH2·W2) where h1 > 0: 128 x 256 x 128, the relu's derivative in the epilogue. */
  @Benchmark
  public void deepInputGradient2(DeepProducts p) {
    Gemm.sgemmMask(false, false, 128, 256, 128, p.grad2, 0, 128, p.params, 200960, 256, p.inputGradients, 0,
        256, p.out1, 0, 256);
  }
}
