package dev.modelc.runtime;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A layer's forward product, relu(X·Wᵀ + b), on the path the vector kernel chooses for it
 * ({@code chosen}: computed as its transpose where {@link VectorGemm#computesTranspose} holds)
 * and on the direct packed path ({@code direct}, {@code sgemmBlock}, which never transposes), one
 * thread; the shapes are m x n x k. Both give the same bits. In the runtime's package, since the
 * direct path is not public.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TransposedProducts -f 1 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dmodelc.threads=1"})
@State(Scope.Thread)
public class TransposedProducts {

  @Param({"16x256x784", "32x256x784", "64x256x784", "64x72x784", "60x64x784", "64x128x256",
      "40x512x100"})
  public String shape;

  private GemmKernel kernel;
  private int m;
  private int n;
  private int k;
  private float[] x;
  private float[] w;
  private float[] c;

  @Setup(Level.Trial)
  public void setUp() {
    String[] sizes = shape.split("x");
    m = Integer.parseInt(sizes[0]);
    n = Integer.parseInt(sizes[1]);
    k = Integer.parseInt(sizes[2]);
    kernel = Gemm.vector();
    Rng rng = new Rng(7);
    x = new float[m * k];
    w = new float[n * k + n];
    c = new float[m * n];
    Init.uniform(x, 0, x.length, -1, 1, rng);
    Init.uniform(w, 0, w.length, -1, 1, rng);
  }

  @Benchmark
  public float[] chosen() {
    kernel.sgemm(false, true, m, n, k, x, 0, k, w, 0, k, c, 0, n, false,
        Epilogue.BIAS_RELU, w, n * k, 0);
    return c;
  }

  @Benchmark
  public float[] direct() {
    kernel.sgemmBlock(false, true, m, n, k, x, 0, k, w, 0, k, c, 0, n, false,
        Epilogue.BIAS_RELU, w, n * k, 0);
    return c;
  }
}
