package dev.modelc.runtime;

import java.util.Arrays;

/**
 * Matrix products in plain Java, for JVMs without the Vector API: loops in i-k-j order, whose
 * inner loop is an axpy over a row of C that C2 compiles to SIMD instructions, in blocks
 * ({@link PlainBlocks}); products of fewer than {@link #NARROW} columns, which no vector fits,
 * run on a loop of their own.
 *
 * <p>When B is stored transposed, the blocks transpose it as they copy it, so the same axpy loop
 * applies; only for fewer than {@link #MIN_ROWS_TO_TRANSPOSE} rows of C, where transposing would
 * cost as much as the product, are the entries computed as dot products, each split over four
 * accumulators because C2 does not vectorize a float reduction.
 */
final class PlainGemm implements GemmKernel {

  static final PlainGemm INSTANCE = new PlainGemm();

  /**
   * Products of fewer columns run on loops of their own ({@code narrow}), which no vector fits: C2
   * compiles a loop once, for the trip counts it has seen, and the axpy loops of a tiny model's
   * two-column products would otherwise stay scalar for every product after them (a 64 x 256 x
   * 784 product at 1.4 GFLOP/s instead of 13 in a JVM that had trained such a model first).
   */
  private static final int NARROW = 16;
  private static final int MIN_ROWS_TO_TRANSPOSE = 4;

  private PlainGemm() {}

  @Override
  public boolean splits(boolean transA, boolean transB, int m, int n, int k) {
    // Off the dot-product path, each element of C starts at zero (or its old value) and gains
    // a[i][p] * b[p][j] for p in order, one rounded product and one rounded sum at a time,
    // whatever the block of C being computed.
    return !(transB && m < MIN_ROWS_TO_TRANSPOSE);
  }

  @Override
  public int tileRows() {
    return MIN_ROWS_TO_TRANSPOSE;
  }

  @Override
  public int tileColumns(boolean doubles) {
    // The axpy loop has no tiles: blocks of 64 bytes, a cache line, keep two threads from
    // writing to one line of C when its rows start on a line.
    return doubles ? 8 : 16;
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde, true);
  }

  @Override
  public void sgemmBlock(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde, false);
  }

  /**
   * The product; dot products for few rows of C only when {@code dots} allows them.
   */
  private static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde, boolean dots) {
    if (m == 0 || n == 0) {
      return;
    }
    // A(i, p) is a[aOff + i * ars + p * acs] whether or not A is stored transposed.
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    if (k == 0 || (dots && transB && m < MIN_ROWS_TO_TRANSPOSE)) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      if (k > 0) {
        sdots(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
      }
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    if (n < NARROW) {
      snarrow(m, n, k, a, aOff, ars, acs, transB, b, bOff, ldb, c, cOff, ldc, accumulate);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    PlainBlocks.sgemm(m, n, k, a, aOff, ars, acs, transB, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde);
  }

  /**
   * C for fewer than {@link #NARROW} columns, in place: each element starts at zero (or its old
   * value) and gains a[i][p] * b[p][j] for p in order, as in the blocked loops.
   */
  private static void snarrow(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      boolean transB, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    // B(p, j) is b[bOff + p * brs + j * bcs] whether or not B is stored transposed.
    int brs = transB ? 1 : ldb;
    int bcs = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, ci, ci + n, 0f);
      }
      for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += brs) {
        float x = a[ap];
        for (int j = 0; j < n; j++) {
          c[ci + j] += x * b[bp + j * bcs];
        }
      }
    }
  }

  /** C += A times B, where B is stored n x k, as one dot product per entry of C. */
  private static void sdots(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * ars;
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * ldb;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int p = 0;
        for (; p + 3 < k; p += 4) {
          s0 += a[ai + p * acs] * b[bj + p];
          s1 += a[ai + (p + 1) * acs] * b[bj + p + 1];
          s2 += a[ai + (p + 2) * acs] * b[bj + p + 2];
          s3 += a[ai + (p + 3) * acs] * b[bj + p + 3];
        }
        for (; p < k; p++) {
          s0 += a[ai + p * acs] * b[bj + p];
        }
        c[cOff + i * ldc + j] += (s0 + s1) + (s2 + s3);
      }
    }
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde, true);
  }

  @Override
  public void dgemmBlock(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde, false);
  }

  /**
   * The product; dot products for few rows of C only when {@code dots} allows them.
   */
  private static void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde, boolean dots) {
    if (m == 0 || n == 0) {
      return;
    }
    // A(i, p) is a[aOff + i * ars + p * acs] whether or not A is stored transposed.
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    if (k == 0 || (dots && transB && m < MIN_ROWS_TO_TRANSPOSE)) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
        }
      }
      if (k > 0) {
        ddots(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
      }
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    if (n < NARROW) {
      dnarrow(m, n, k, a, aOff, ars, acs, transB, b, bOff, ldb, c, cOff, ldc, accumulate);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    PlainBlocks.dgemm(m, n, k, a, aOff, ars, acs, transB, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde);
  }

  /**
   * C for fewer than {@link #NARROW} columns, in place: each element starts at zero (or its old
   * value) and gains a[i][p] * b[p][j] for p in order, as in the blocked loops.
   */
  private static void dnarrow(int m, int n, int k, double[] a, int aOff, int ars, int acs,
      boolean transB, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    // B(p, j) is b[bOff + p * brs + j * bcs] whether or not B is stored transposed.
    int brs = transB ? 1 : ldb;
    int bcs = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, ci, ci + n, 0.0);
      }
      for (int p = 0, ap = aOff + i * ars, bp = bOff; p < k; p++, ap += acs, bp += brs) {
        double x = a[ap];
        for (int j = 0; j < n; j++) {
          c[ci + j] += x * b[bp + j * bcs];
        }
      }
    }
  }

  /** C += A times B, where B is stored n x k, as one dot product per entry of C. */
  private static void ddots(int m, int n, int k, double[] a, int aOff, int ars, int acs,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * ars;
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * ldb;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = 0;
        for (; p + 3 < k; p += 4) {
          s0 += a[ai + p * acs] * b[bj + p];
          s1 += a[ai + (p + 1) * acs] * b[bj + p + 1];
          s2 += a[ai + (p + 2) * acs] * b[bj + p + 2];
          s3 += a[ai + (p + 3) * acs] * b[bj + p + 3];
        }
        for (; p < k; p++) {
          s0 += a[ai + p * acs] * b[bj + p];
        }
        c[cOff + i * ldc + j] += (s0 + s1) + (s2 + s3);
      }
    }
  }
}
