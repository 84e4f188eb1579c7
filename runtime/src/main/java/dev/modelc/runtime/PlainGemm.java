package dev.modelc.runtime;

import java.util.Arrays;

/**
 * Matrix products in plain Java, for JVMs without the Vector API: loops in i-k-j order, whose
 * inner loop is an axpy over a row of C that C2 compiles to SIMD instructions.
 *
 * <p>When B is stored transposed, a block of it is first transposed into a per-thread scratch
 * array so the same axpy loop applies; only for fewer than {@link #MIN_ROWS_TO_TRANSPOSE} rows
 * of C, where transposing would cost as much as the product, are the entries computed as dot
 * products, each split over four accumulators because C2 does not vectorize a float reduction.
 */
final class PlainGemm implements GemmKernel {

  static final PlainGemm INSTANCE = new PlainGemm();

  /** Rows of op(B) per block, so the block being read stays in cache across all rows of C. */
  private static final int KB = 256;
  private static final int MIN_ROWS_TO_TRANSPOSE = 4;

  private static final ThreadLocal<float[]> FLOAT_SCRATCH =
      ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<double[]> DOUBLE_SCRATCH =
      ThreadLocal.withInitial(() -> new double[0]);

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
   * The product; dot products for few rows of C only when {@code dots} allows them. The
   * epilogue is applied to each row of C as the last block of k finishes it.
   */
  private static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde, boolean dots) {
    if (m == 0 || n == 0) {
      return;
    }
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
      }
    }
    // A(i, p) is a[aOff + i * ars + p * acs] whether or not A is stored transposed.
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    if (dots && transB && m < MIN_ROWS_TO_TRANSPOSE) {
      sdots(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    if (k == 0) {
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    float[] scratch = transB ? floatScratch(Math.min(k, KB) * n) : null;
    for (int p0 = 0; p0 < k; p0 += KB) {
      int kb = Math.min(KB, k - p0);
      float[] bb = b;
      int bbOff = bOff + p0 * ldb;
      int ldbb = ldb;
      if (transB) {
        // B is stored n x k: copy its columns p0..p0+kb into scratch as a kb x n block.
        for (int j = 0; j < n; j++) {
          int src = bOff + j * ldb + p0;
          for (int p = 0; p < kb; p++) {
            scratch[p * n + j] = b[src + p];
          }
        }
        bb = scratch;
        bbOff = 0;
        ldbb = n;
      }
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        int ai = aOff + i * ars + p0 * acs;
        for (int p = 0; p < kb; p++) {
          float aip = a[ai + p * acs];
          int bp = bbOff + p * ldbb;
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * bb[bp + j];
          }
        }
        if (p0 + kb == k) {
          epilogue.apply(c, ci, ldc, 1, n, e, eOff + i * lde, lde);
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

  private static float[] floatScratch(int size) {
    float[] s = FLOAT_SCRATCH.get();
    if (s.length < size) {
      s = new float[size];
      FLOAT_SCRATCH.set(s);
    }
    return s;
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
   * The product; dot products for few rows of C only when {@code dots} allows them. The
   * epilogue is applied to each row of C as the last block of k finishes it.
   */
  private static void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde, boolean dots) {
    if (m == 0 || n == 0) {
      return;
    }
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
      }
    }
    // A(i, p) is a[aOff + i * ars + p * acs] whether or not A is stored transposed.
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    if (dots && transB && m < MIN_ROWS_TO_TRANSPOSE) {
      ddots(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    if (k == 0) {
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    double[] scratch = transB ? doubleScratch(Math.min(k, KB) * n) : null;
    for (int p0 = 0; p0 < k; p0 += KB) {
      int kb = Math.min(KB, k - p0);
      double[] bb = b;
      int bbOff = bOff + p0 * ldb;
      int ldbb = ldb;
      if (transB) {
        // B is stored n x k: copy its columns p0..p0+kb into scratch as a kb x n block.
        for (int j = 0; j < n; j++) {
          int src = bOff + j * ldb + p0;
          for (int p = 0; p < kb; p++) {
            scratch[p * n + j] = b[src + p];
          }
        }
        bb = scratch;
        bbOff = 0;
        ldbb = n;
      }
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        int ai = aOff + i * ars + p0 * acs;
        for (int p = 0; p < kb; p++) {
          double aip = a[ai + p * acs];
          int bp = bbOff + p * ldbb;
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * bb[bp + j];
          }
        }
        if (p0 + kb == k) {
          epilogue.apply(c, ci, ldc, 1, n, e, eOff + i * lde, lde);
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

  private static double[] doubleScratch(int size) {
    double[] s = DOUBLE_SCRATCH.get();
    if (s.length < size) {
      s = new double[size];
      DOUBLE_SCRATCH.set(s);
    }
    return s;
  }
}
