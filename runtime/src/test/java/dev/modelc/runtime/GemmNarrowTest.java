package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Narrow products, whose micro-kernel may read A where it is instead of packed: they must give
 * the bits that the same columns get inside a wider product (as when a split product is computed
 * in blocks of columns), and allocate nothing once warm.
 */
class GemmNarrowTest {

  /** (transA, transB, m, n, k) of the narrow block; the wide product has 256 columns. */
  private static final int[][] SHAPES = {
    {0, 1, 32, 32, 64}, {1, 0, 32, 64, 32}, {0, 1, 32, 10, 32}, {1, 0, 10, 32, 32},
    {0, 0, 32, 32, 10}, {0, 0, 67, 17, 300}, {1, 1, 13, 33, 129}, {1, 0, 40, 20, 1},
  };

  @Test
  void narrowBlocksGiveTheBitsOfTheWholeProduct() {
    GemmKernel kernel = Gemm.vectorized() ? Gemm.vector() : Gemm.plain();
    Rng rng = new Rng(41);
    int wide = 256;
    for (int[] s : SHAPES) {
      boolean transA = s[0] == 1;
      boolean transB = s[1] == 1;
      int m = s[2];
      int n = s[3];
      int k = s[4];
      float[] a = new float[m * k];
      float[] b = new float[k * wide];
      Init.uniform(a, 0, a.length, -1, 1, rng);
      Init.uniform(b, 0, b.length, -1, 1, rng);
      int lda = transA ? m : k;
      int ldb = transB ? k : wide;
      int from = 16; // a block of columns that starts inside the wide product
      float[] whole = new float[m * wide];
      float[] block = new float[m * n];
      double[] ad = new double[a.length];
      double[] bd = new double[b.length];
      for (int i = 0; i < a.length; i++) {
        ad[i] = a[i] / 3.0;
      }
      for (int i = 0; i < b.length; i++) {
        bd[i] = b[i] / 7.0;
      }
      double[] wholeD = new double[m * wide];
      double[] blockD = new double[m * n];
      for (boolean accumulate : new boolean[] {false, true}) {
        kernel.sgemm(transA, transB, m, wide, k, a, 0, lda, b, 0, ldb, whole, 0, wide, accumulate);
        kernel.sgemm(transA, transB, m, n, k, a, 0, lda, b, transB ? from * ldb : from, ldb,
            block, 0, n, accumulate);
        kernel.dgemm(transA, transB, m, wide, k, ad, 0, lda, bd, 0, ldb, wholeD, 0, wide,
            accumulate);
        kernel.dgemm(transA, transB, m, n, k, ad, 0, lda, bd, transB ? from * ldb : from, ldb,
            blockD, 0, n, accumulate);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            String where = Arrays.toString(s) + " (" + i + ", " + j + ")";
            assertEquals(Float.floatToRawIntBits(whole[i * wide + from + j]),
                Float.floatToRawIntBits(block[i * n + j]), where);
            assertEquals(Double.doubleToRawLongBits(wholeD[i * wide + from + j]),
                Double.doubleToRawLongBits(blockD[i * n + j]), where);
          }
        }
        // The next round adds to C: start both from the same values.
        for (int i = 0; i < m; i++) {
          System.arraycopy(whole, i * wide + from, block, i * n, n);
          System.arraycopy(wholeD, i * wide + from, blockD, i * n, n);
        }
      }
    }
  }

  @Test
  void narrowProductsAllocateNothingOnceWarm() {
    float[] x = new float[32 * 64];
    float[] w = new float[32 * 64];
    float[] h = new float[32 * 32];
    float[] g = new float[32 * 64];
    float[] dx = new float[32 * 64];
    double[] xd = new double[32 * 64];
    double[] wd = new double[32 * 64];
    double[] hd = new double[32 * 32];
    Init.uniform(x, 0, x.length, -1, 1, new Rng(42));
    Init.uniform(w, 0, w.length, -1, 1, new Rng(43));
    long allocated = ThreadAllocation.afterWarmUp(1500, 1500, () -> {
      // The forward, weight-gradient and input-gradient products of a 64-32 layer, batch 32.
      Gemm.sgemm(false, true, 32, 32, 64, x, 0, 64, w, 0, 64, h, 0, 32, false);
      Gemm.sgemm(true, false, 32, 64, 32, h, 0, 32, x, 0, 64, g, 0, 64, false);
      Gemm.sgemm(false, false, 32, 64, 32, h, 0, 32, w, 0, 64, dx, 0, 64, false);
      Gemm.dgemm(false, true, 32, 32, 64, xd, 0, 64, wd, 0, 64, hd, 0, 32, true);
    });
    assertTrue(Float.isFinite(h[0]) && Float.isFinite(g[0]) && Float.isFinite(dx[0])
        && Double.isFinite(hd[0]));
    assertEquals(0, allocated, "bytes allocated by 1500 rounds of narrow products");
  }
}
