package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks both implementations against a naive triple loop in double precision, over every
 * combination of transposes and of sizes around the vector width and the blocking sizes.
 *
 * <p>Padding around A and B holds NaN, so reading outside a matrix shows up in the result, and
 * padding around C holds a sentinel that must come back untouched.
 */
class GemmTest {

  private static final int[] SIZES = {1, 2, 3, 7, 17, 33, 64, 100};

  static Stream<Arguments> kernels() {
    return Stream.of(Arguments.of("plain", Gemm.plain()), Arguments.of("vector", Gemm.vector()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void sgemmMatchesTheNaiveProduct(String name, GemmKernel kernel) {
    Rng rng = new Rng(1);
    for (int t = 0; t < 4; t++) {
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : SIZES) {
            new Case(t >= 2, t % 2 == 1, m, n, k, rng).check(kernel, true);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void dgemmMatchesTheNaiveProduct(String name, GemmKernel kernel) {
    Rng rng = new Rng(2);
    for (int t = 0; t < 4; t++) {
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : SIZES) {
            new Case(t >= 2, t % 2 == 1, m, n, k, rng).check(kernel, false);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void productsLargerThanTheBlockSizes(String name, GemmKernel kernel) {
    Rng rng = new Rng(3);
    for (int t = 0; t < 4; t++) {
      Case c = new Case(t >= 2, t % 2 == 1, 261, 530, 300, rng);
      c.check(kernel, true);
      c.check(kernel, false);
    }
  }

  /**
   * The plain kernel off its dot-product path (fewer than four rows with B transposed) adds the
   * products to each element in the order of p, one rounded product and one rounded sum at a
   * time, whichever of its paths and blocks the element falls in: narrow products, several blocks
   * of k and of columns, a last group of fewer than four rows, an old C to add to.
   */
  @Test
  void thePlainKernelAddsTheProductsInTheOrderOfP() {
    Rng rng = new Rng(5);
    int[][] shapes = {{4, 3, 5}, {9, 15, 300}, {6, 16, 2}, {5, 530, 260}, {13, 257, 513}, {2, 70, 40}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      for (int t = 0; t < 4; t++) {
        boolean transA = t >= 2;
        boolean transB = t % 2 == 1;
        if (transB && m < 4) {
          continue;
        }
        for (boolean accumulate : new boolean[] {false, true}) {
          float[] a = new float[m * k];
          float[] b = new float[k * n];
          float[] c = new float[m * n];
          Init.uniform(a, 0, a.length, -1, 1, rng);
          Init.uniform(b, 0, b.length, -1, 1, rng);
          Init.uniform(c, 0, c.length, -1, 1, rng);
          float[] expected = new float[m * n];
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              float sum = accumulate ? c[i * n + j] : 0f;
              for (int p = 0; p < k; p++) {
                sum += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
              }
              expected[i * n + j] = sum;
            }
          }
          Gemm.plain().sgemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n,
              c, 0, n, accumulate, Epilogue.NONE, null, 0, 0);
          assertArrayEquals(expected, c, m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB
              + " accumulate=" + accumulate);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void emptyProducts(String name, GemmKernel kernel) {
    float[] c = {5, 6, 7, 8};
    kernel.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, true);
    assertArrayEquals(new float[] {5, 6, 7, 8}, c);
    kernel.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, false);
    assertArrayEquals(new float[4], c);
    kernel.dgemm(true, true, 0, 3, 2, new double[0], 0, 1, new double[6], 0, 2,
        new double[0], 0, 3, false);
  }

  @Test
  void choosesTheVectorKernelWhenTheModuleIsPresent() {
    boolean expected = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        && !"false".equals(System.getProperty("modelc.vector"));
    assertEquals(expected, Gemm.vectorized());
  }

  @Test
  void validatesArguments() {
    float[] a = new float[6];
    float[] b = new float[6];
    float[] c = new float[4];
    Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
    Gemm.sgemm(true, true, 2, 2, 3, a, 0, 2, b, 0, 3, c, 0, 2, false);
    assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, -1, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false));
    assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, 2, 2, 3, a, 0, 2, b, 0, 2, c, 0, 2, false));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.sgemm(false, false, 2, 2, 3, a, 1, 3, b, 0, 2, c, 0, 2, false));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 3, false));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.dgemm(false, true, 2, 2, 3, new double[6], 0, 3, new double[5], 0, 3,
            new double[4], 0, 2, false));
  }

  @Test
  void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
    int m = 70;
    int n = 90;
    int k = 150;
    List<float[]> inputs = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    Rng rng = new Rng(4);
    for (int task = 0; task < 8; task++) {
      float[] a = new float[m * k];
      float[] b = new float[k * n];
      Init.uniform(a, 0, a.length, -1, 1, rng);
      Init.uniform(b, 0, b.length, -1, 1, rng);
      float[] c = new float[m * n];
      boolean transB = task % 2 == 0;
      Gemm.sgemm(false, transB, m, n, k, a, 0, k, b, 0, transB ? k : n, c, 0, n, false);
      inputs.add(a);
      inputs.add(b);
      expected.add(c);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        int t = task;
        results.add(pool.submit(() -> {
          float[] c = new float[m * n];
          for (int repeat = 0; repeat < 20; repeat++) {
            Gemm.sgemm(false, t % 2 == 0, m, n, k, inputs.get(2 * t), 0, k,
                inputs.get(2 * t + 1), 0, t % 2 == 0 ? k : n, c, 0, n, false);
          }
          return c;
        }));
      }
      for (int task = 0; task < 8; task++) {
        assertArrayEquals(expected.get(task), results.get(task).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One product with random operands, offsets and leading dimensions, and its exact value. */
  private static final class Case extends ProductShape {
    /** What the elements of C's array outside the matrix hold, and must still hold after. */
    static final double SENTINEL = 12345;

    final double[] a;
    final double[] b;
    final double[] c;

    Case(boolean transA, boolean transB, int m, int n, int k, Rng rng) {
      super(transA, transB, m, n, k, rng);
      a = operand(aOff, transA ? k : m, transA ? m : k, lda, Double.NaN, rng);
      b = operand(bOff, transB ? n : k, transB ? k : n, ldb, Double.NaN, rng);
      c = operand(cOff, m, n, ldc, SENTINEL, rng);
    }

    /** A random matrix inside an array whose other elements are {@code padding}. */
    private static double[] operand(int off, int rows, int cols, int ld, double padding, Rng rng) {
      double[] x = new double[off + rows * ld + 3];
      Arrays.fill(x, padding);
      for (int r = 0; r < rows; r++) {
        for (int col = 0; col < cols; col++) {
          // Values exactly representable in float, so both precisions see the same operands.
          x[off + r * ld + col] = (float) (2 * rng.nextDouble() - 1);
        }
      }
      return x;
    }

    double a(int i, int p) {
      return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    double b(int p, int j) {
      return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    void check(GemmKernel kernel, boolean single) {
      for (boolean accumulate : new boolean[] {false, true}) {
        double[] result = new double[c.length];
        if (single) {
          float[] cf = toFloat(c);
          if (!accumulate) {
            fillMatrix(cf, Float.NaN); // old values must be ignored, even NaN
          }
          kernel.sgemm(transA, transB, m, n, k, toFloat(a), aOff, lda, toFloat(b), bOff, ldb,
              cf, cOff, ldc, accumulate);
          for (int i = 0; i < cf.length; i++) {
            result[i] = cf[i];
          }
        } else {
          double[] cd = c.clone();
          if (!accumulate) {
            fillMatrix(cd, Double.NaN);
          }
          kernel.dgemm(transA, transB, m, n, k, a.clone(), aOff, lda, b.clone(), bOff, ldb,
              cd, cOff, ldc, accumulate);
          result = cd;
        }
        verify(result, accumulate, single ? 0x1p-24 : 0x1p-53);
      }
    }

    private void verify(double[] result, boolean accumulate, double unitRoundoff) {
      for (int idx = 0; idx < c.length; idx++) {
        int rel = idx - cOff;
        int i = Math.floorDiv(rel, ldc);
        int j = Math.floorMod(rel, ldc);
        if (rel < 0 || i >= m || j >= n) {
          if (result[idx] != SENTINEL) {
            fail(this + ": wrote outside C at index " + idx);
          }
          continue;
        }
        double exact = accumulate ? c[idx] : 0;
        double magnitude = Math.abs(exact);
        for (int p = 0; p < k; p++) {
          exact += a(i, p) * b(p, j);
          magnitude += Math.abs(a(i, p) * b(p, j));
        }
        // The worst-case bound of any summation order: k + 1 terms, each rounding once.
        double bound = 2 * (k + 2) * unitRoundoff * magnitude;
        double error = Math.abs(result[idx] - exact);
        if (!(error <= bound)) {
          fail(this + ", accumulate=" + accumulate + ": C(" + i + ", " + j + ") = "
              + result[idx] + ", expected " + exact + " within " + bound);
        }
      }
    }

    private void fillMatrix(float[] x, float v) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(x, cOff + i * ldc, cOff + i * ldc + n, v);
      }
    }

    private void fillMatrix(double[] x, double v) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(x, cOff + i * ldc, cOff + i * ldc + n, v);
      }
    }

    private static float[] toFloat(double[] x) {
      float[] f = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        f[i] = (float) x[i];
      }
      return f;
    }
  }
}
