package dev.modelc.runtime;

import static dev.modelc.runtime.Operands.mask;
import static dev.modelc.runtime.Operands.toDouble;
import static dev.modelc.runtime.Operands.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Products with an epilogue (bias, bias and relu, relu mask): on every path of both kernels and
 * for every thread count, bit for bit the product without one followed by the epilogue in a
 * plain loop; checked arguments; no allocation once warm.
 */
class GemmEpilogueTest {

  /**
   * Sizes that reach every path: tiny products, few rows with B as stored or transposed, narrow
   * products that read A in place, partial tiles, and depths of one and of several slices.
   */
  private static final int[] ROWS = {1, 3, 5, 8, 13, 64, 130};
  private static final int[] COLUMNS = {1, 7, 16, 33, 64, 200};
  private static final int[] DEPTHS = {1, 9, 129, 300};
  private static final Epilogue[] EPILOGUES = {Epilogue.BIAS, Epilogue.BIAS_RELU, Epilogue.MASK};

  static Stream<Arguments> kernels() {
    return Stream.of(Arguments.of("plain", Gemm.plain()), Arguments.of("vector", Gemm.vector()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void floatEpiloguesEqualTheProductThenAPlainLoop(String name, GemmKernel kernel) {
    Rng rng = new Rng(51);
    for (int t = 0; t < 4; t++) {
      boolean transA = t >= 2;
      boolean transB = t % 2 == 1;
      for (int m : ROWS) {
        for (int n : COLUMNS) {
          for (int k : DEPTHS) {
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            int ldc = n + 1;
            float[] a = uniform(1 + m * k, rng);
            float[] b = uniform(2 + k * n, rng);
            float[] c0 = uniform(3 + m * ldc, rng);
            float[] bias = uniform(2 + n, rng);
            float[] mask = mask(1 + m * (n + 2), rng);
            float[] product = c0.clone();
            GemmThreads.sgemm(kernel, 1, 1, transA, transB, m, n, k, a, 1, lda, b, 2, ldb,
                product, 3, ldc, false, Epilogue.NONE, null, 0, 0);
            for (Epilogue epilogue : EPILOGUES) {
              boolean masks = epilogue == Epilogue.MASK;
              float[] e = masks ? mask : bias;
              int eOff = masks ? 1 : 2;
              int lde = masks ? n + 2 : 0;
              float[] expected = product.clone();
              for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                  int at = 3 + i * ldc + j;
                  float x = expected[at];
                  float y = e[eOff + i * lde + j];
                  expected[at] = epilogue == Epilogue.BIAS ? x + y
                      : epilogue == Epilogue.BIAS_RELU ? Math.max(x + y, 0f)
                      : x * (y > 0f ? 1f : 0f);
                }
              }
              for (int threads = 1; threads <= 3; threads++) {
                float[] c = c0.clone();
                GemmThreads.sgemm(kernel, threads, 1, transA, transB, m, n, k, a, 1, lda,
                    b, 2, ldb, c, 3, ldc, false, epilogue, e, eOff, lde);
                if (!Arrays.equals(expected, c)) {
                  fail(String.format("%s transA=%b transB=%b m=%d n=%d k=%d, %d threads:"
                      + " differs at index %d", epilogue, transA, transB, m, n, k, threads,
                      Arrays.mismatch(expected, c)));
                }
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void doubleEpiloguesEqualTheProductThenAPlainLoop(String name, GemmKernel kernel) {
    Rng rng = new Rng(52);
    for (int t = 0; t < 4; t++) {
      boolean transA = t >= 2;
      boolean transB = t % 2 == 1;
      for (int m : ROWS) {
        for (int n : COLUMNS) {
          for (int k : DEPTHS) {
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            double[] a = toDouble(uniform(m * k, rng));
            double[] b = toDouble(uniform(k * n, rng));
            double[] bias = toDouble(uniform(n, rng));
            double[] mask = toDouble(mask(m * n, rng));
            double[] product = new double[m * n];
            GemmThreads.dgemm(kernel, 1, 1, transA, transB, m, n, k, a, 0, lda, b, 0, ldb,
                product, 0, n, false, Epilogue.NONE, null, 0, 0);
            for (Epilogue epilogue : EPILOGUES) {
              boolean masks = epilogue == Epilogue.MASK;
              double[] e = masks ? mask : bias;
              int lde = masks ? n : 0;
              double[] expected = product.clone();
              for (int i = 0; i < m * n; i++) {
                double x = expected[i];
                double y = e[i / n * lde + i % n];
                expected[i] = epilogue == Epilogue.BIAS ? x + y
                    : epilogue == Epilogue.BIAS_RELU ? Math.max(x + y, 0.0)
                    : x * (y > 0.0 ? 1.0 : 0.0);
              }
              for (int threads = 1; threads <= 3; threads++) {
                double[] c = new double[m * n];
                GemmThreads.dgemm(kernel, threads, 1, transA, transB, m, n, k, a, 0, lda,
                    b, 0, ldb, c, 0, n, false, epilogue, e, 0, lde);
                if (!Arrays.equals(expected, c)) {
                  fail(String.format("%s transA=%b transB=%b m=%d n=%d k=%d, %d threads:"
                      + " differs at index %d", epilogue, transA, transB, m, n, k, threads,
                      Arrays.mismatch(expected, c)));
                }
              }
            }
          }
        }
      }
    }
  }

  /** The public methods: a dense layer forward and the gradient through its relu. */
  @Test
  void publicMethodsComputeTheLayer() {
    Rng rng = new Rng(53);
    int batch = 37;
    int in = 20;
    int out = 11;
    float[] x = uniform(batch * in, rng);
    float[] w = uniform(out * in + out, rng);
    float[] h = new float[batch * out];
    Gemm.sgemmBias(false, true, batch, out, in, x, 0, in, w, 0, in, h, 0, out, w, out * in,
        true);
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < out; j++) {
        float sum = 0;
        for (int p = 0; p < in; p++) {
          sum += x[i * in + p] * w[j * in + p];
        }
        float expected = Math.max(sum + w[out * in + j], 0f);
        assertEquals(expected, h[i * out + j], 1e-5f);
      }
    }
    float[] g = uniform(batch * out, rng);
    float[] w2 = uniform(out * out, rng);
    float[] dh = new float[batch * out];
    float[] expected = new float[batch * out];
    Gemm.sgemmMask(false, false, batch, out, out, g, 0, out, w2, 0, out, dh, 0, out, h, 0, out);
    Gemm.sgemm(false, false, batch, out, out, g, 0, out, w2, 0, out, expected, 0, out, false);
    for (int i = 0; i < batch * out; i++) {
      expected[i] *= h[i] > 0f ? 1f : 0f;
    }
    assertArrayEquals(expected, dh);
    double[] hd = toDouble(h);
    double[] gd = toDouble(g);
    double[] w2d = toDouble(w2);
    double[] dhd = new double[batch * out];
    double[] expectedD = new double[batch * out];
    Gemm.dgemmMask(false, true, batch, out, out, gd, 0, out, w2d, 0, out, dhd, 0, out, hd, 0,
        out);
    Gemm.dgemm(false, true, batch, out, out, gd, 0, out, w2d, 0, out, expectedD, 0, out, false);
    for (int i = 0; i < batch * out; i++) {
      expectedD[i] *= hd[i] > 0.0 ? 1.0 : 0.0;
    }
    assertArrayEquals(expectedD, dhd);
  }

  @Test
  void badEpilogueArgumentsAreThrown() {
    float[] a = new float[8 * 4];
    float[] b = new float[4 * 6];
    float[] c = new float[8 * 6];
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.sgemmBias(false, false, 8, 6, 4, a, 0, 4, b, 0, 6, c, 0, 6, new float[5], 0,
            false));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.dgemmBias(false, false, 8, 6, 4, new double[32], 0, 4, new double[24], 0, 6,
            new double[48], 0, 6, new double[6], 1, true));
    assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemmMask(false, false, 8, 6, 4, a, 0, 4, b, 0, 6, c, 0, 6, c.clone(), 0, 5));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.sgemmMask(false, false, 8, 6, 4, a, 0, 4, b, 0, 6, c, 0, 6, new float[47], 0,
            6));
  }

  /** A dense relu layer at batch 32, forward and backward, through the public methods. */
  @Test
  void epiloguesAllocateNothingOnceWarm() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(mx.isThreadAllocatedMemorySupported());
    Rng rng = new Rng(54);
    float[] x = uniform(32 * 64, rng);
    float[] w = uniform(32 * 64 + 32, rng);
    float[] h = new float[32 * 32];
    float[] g = uniform(32 * 10, rng);
    float[] w2 = uniform(10 * 32, rng);
    float[] dh = new float[32 * 32];
    float[] big = uniform(128 * 784, rng);
    float[] wBig = uniform(256 * 784 + 256, rng);
    float[] hBig = new float[128 * 256];
    double[] xd = toDouble(x);
    double[] wd = toDouble(w);
    double[] hd = new double[32 * 32];
    double[] dhd = new double[32 * 32];
    long thread = Thread.currentThread().getId();
    // The epilogues' vector code runs once per tile of a product's last slice, so C2 compiles it
    // later than the micro-kernels, the later the busier the machine: rounds are run in chunks
    // until one whole chunk allocates nothing, which a step that allocates never does.
    long allocated = -1;
    for (int chunk = 0; chunk < 20 && allocated != 0; chunk++) {
      long before = mx.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 1000; i++) {
        Gemm.sgemmBias(false, true, 32, 32, 64, x, 0, 64, w, 0, 64, h, 0, 32, w, 2048, true);
        Gemm.sgemmMask(false, false, 32, 32, 10, g, 0, 10, w2, 0, 32, dh, 0, 32, h, 0, 32);
        Gemm.dgemmBias(false, true, 32, 32, 64, xd, 0, 64, wd, 0, 64, hd, 0, 32, wd, 2048,
            false);
        Gemm.dgemmMask(false, true, 32, 32, 64, xd, 0, 64, wd, 0, 64, dhd, 0, 32, hd, 0, 32);
        if (i % 10 == 0) {
          // Large enough to be split across threads.
          Gemm.sgemmBias(false, true, 128, 256, 784, big, 0, 784, wBig, 0, 784, hBig, 0, 256,
              wBig, 256 * 784, true);
        }
      }
      allocated = mx.getThreadAllocatedBytes(thread) - before;
    }
    assertTrue(Float.isFinite(dh[0]) && Double.isFinite(dhd[0]) && Float.isFinite(hBig[0]));
    assertEquals(0, allocated, "bytes allocated by the last of 20 chunks of 1000 rounds");
  }
}
