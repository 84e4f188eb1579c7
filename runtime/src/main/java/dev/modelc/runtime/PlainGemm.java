package dev.modelc.runtime;

import java.util.Arrays;

/**
 * Matrix products in plain Java, for JVMs without the Vector API: loops in i-k-j order, whose
 * inner loop is an axpy over a row of C that C2 compiles to SIMD instructions. For that, a block
 * of op(B) ({@code KB} rows by {@code NB} columns) is copied into arrays of its own, one per row,
 * and four rows of C at a time accumulate in arrays of their own ({@link RowBlocks} says why),
 * sharing each load of B: 12 to 15 GFLOP/s on a Zen core with AVX2, where the same loops over
 * offsets into the operands ran at 2.
 *
 * <p>When B is stored transposed, the copy transposes it, so the same axpy loop applies; only for
 * fewer than {@link #MIN_ROWS_TO_TRANSPOSE} rows of C, where transposing would cost as much as
 * the product, are the entries computed as dot products, each split over four accumulators
 * because C2 does not vectorize a float reduction.
 */
final class PlainGemm implements GemmKernel {

  static final PlainGemm INSTANCE = new PlainGemm();

  /**
   * Rows and columns of op(B) per block: a block of floats (256 KiB) stays in L2 across all rows
   * of C, and the accumulators of four rows (4 KiB) in L1.
   */
  private static final int KB = 256;
  private static final int NB = 256;
  /** Rows of C per pass over a block of B; their accumulators are the first rows of the scratch. */
  private static final int RB = 4;
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
   * The product; dot products for few rows of C only when {@code dots} allows them. The
   * epilogue is applied to each block of C as the last block of k finishes it.
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
    float[][] s = RowBlocks.floats(RB + Math.min(k, KB), Math.min(n, NB));
    for (int j0 = 0; j0 < n; j0 += NB) {
      int nb = Math.min(NB, n - j0);
      for (int p0 = 0; p0 < k; p0 += KB) {
        int kb = Math.min(KB, k - p0);
        copyB(transB, b, bOff, ldb, p0, kb, j0, nb, s);
        for (int i0 = 0; i0 < m; i0 += RB) {
          int rows = Math.min(RB, m - i0);
          int c0 = cOff + i0 * ldc + j0;
          // Each element of C starts at zero (or its old value) and gains a[i][p] * b[p][j] for p
          // in order, one rounded product and one rounded sum at a time, whichever block of C it
          // is in; the sums pass from one block of k to the next through C.
          for (int r = 0; r < rows; r++) {
            if (p0 == 0 && !accumulate) {
              Arrays.fill(s[r], 0, nb, 0f);
            } else {
              System.arraycopy(c, c0 + r * ldc, s[r], 0, nb);
            }
          }
          int a0 = aOff + i0 * ars + p0 * acs;
          if (rows == RB) {
            axpy4(a, a0, ars, acs, kb, s, nb);
          } else {
            for (int r = 0; r < rows; r++) {
              axpy1(a, a0 + r * ars, acs, kb, s, s[r], nb);
            }
          }
          for (int r = 0; r < rows; r++) {
            System.arraycopy(s[r], 0, c, c0 + r * ldc, nb);
          }
          if (p0 + kb == k) {
            epilogue.apply(c, c0, ldc, rows, nb, e, eOff + i0 * lde + j0, lde);
          }
        }
      }
    }
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

  /**
   * Copies rows p0..p0+kb of op(B), columns j0..j0+nb, into rows RB.. of s. When B is stored
   * n x k, column j of op(B) is row j of B, read along its length.
   */
  private static void copyB(boolean transB, float[] b, int bOff, int ldb, int p0, int kb,
      int j0, int nb, float[][] s) {
    if (!transB) {
      for (int p = 0; p < kb; p++) {
        System.arraycopy(b, bOff + (p0 + p) * ldb + j0, s[RB + p], 0, nb);
      }
      return;
    }
    // Row by row of the copy, so that its stores run along one array; the loads of one row
    // come from nb rows of B, whose lines the next rows of the copy read on from.
    for (int p = 0; p < kb; p++) {
      float[] row = s[RB + p];
      for (int j = 0, src = bOff + j0 * ldb + p0 + p; j < nb; j++, src += ldb) {
        row[j] = b[src];
      }
    }
  }

  /** Rows 0 to 3 of s, four rows of C, gain A(i + r, p) times row RB + p of s, for p below kb. */
  private static void axpy4(float[] a, int a0, int ars, int acs, int kb, float[][] s, int nb) {
    float[] c0 = s[0];
    float[] c1 = s[1];
    float[] c2 = s[2];
    float[] c3 = s[3];
    for (int p = 0; p < kb; p++) {
      int ap = a0 + p * acs;
      float x0 = a[ap];
      float x1 = a[ap + ars];
      float x2 = a[ap + 2 * ars];
      float x3 = a[ap + 3 * ars];
      float[] row = s[RB + p];
      for (int j = 0; j < nb; j++) {
        float v = row[j];
        c0[j] += x0 * v;
        c1[j] += x1 * v;
        c2[j] += x2 * v;
        c3[j] += x3 * v;
      }
    }
  }

  /** One row of C, {@code acc}, gains A(i, p) times row RB + p of s, for p below kb. */
  private static void axpy1(float[] a, int ai, int acs, int kb, float[][] s, float[] acc, int nb) {
    for (int p = 0; p < kb; p++) {
      float x = a[ai + p * acs];
      float[] row = s[RB + p];
      for (int j = 0; j < nb; j++) {
        acc[j] += x * row[j];
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
   * The product; dot products for few rows of C only when {@code dots} allows them. The
   * epilogue is applied to each block of C as the last block of k finishes it.
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
    double[][] s = RowBlocks.doubles(RB + Math.min(k, KB), Math.min(n, NB));
    for (int j0 = 0; j0 < n; j0 += NB) {
      int nb = Math.min(NB, n - j0);
      for (int p0 = 0; p0 < k; p0 += KB) {
        int kb = Math.min(KB, k - p0);
        copyB(transB, b, bOff, ldb, p0, kb, j0, nb, s);
        for (int i0 = 0; i0 < m; i0 += RB) {
          int rows = Math.min(RB, m - i0);
          int c0 = cOff + i0 * ldc + j0;
          // Each element of C starts at zero (or its old value) and gains a[i][p] * b[p][j] for p
          // in order, one rounded product and one rounded sum at a time, whichever block of C it
          // is in; the sums pass from one block of k to the next through C.
          for (int r = 0; r < rows; r++) {
            if (p0 == 0 && !accumulate) {
              Arrays.fill(s[r], 0, nb, 0.0);
            } else {
              System.arraycopy(c, c0 + r * ldc, s[r], 0, nb);
            }
          }
          int a0 = aOff + i0 * ars + p0 * acs;
          if (rows == RB) {
            axpy4(a, a0, ars, acs, kb, s, nb);
          } else {
            for (int r = 0; r < rows; r++) {
              axpy1(a, a0 + r * ars, acs, kb, s, s[r], nb);
            }
          }
          for (int r = 0; r < rows; r++) {
            System.arraycopy(s[r], 0, c, c0 + r * ldc, nb);
          }
          if (p0 + kb == k) {
            epilogue.apply(c, c0, ldc, rows, nb, e, eOff + i0 * lde + j0, lde);
          }
        }
      }
    }
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

  /**
   * Copies rows p0..p0+kb of op(B), columns j0..j0+nb, into rows RB.. of s. When B is stored
   * n x k, column j of op(B) is row j of B, read along its length.
   */
  private static void copyB(boolean transB, double[] b, int bOff, int ldb, int p0, int kb,
      int j0, int nb, double[][] s) {
    if (!transB) {
      for (int p = 0; p < kb; p++) {
        System.arraycopy(b, bOff + (p0 + p) * ldb + j0, s[RB + p], 0, nb);
      }
      return;
    }
    // Row by row of the copy, so that its stores run along one array; the loads of one row
    // come from nb rows of B, whose lines the next rows of the copy read on from.
    for (int p = 0; p < kb; p++) {
      double[] row = s[RB + p];
      for (int j = 0, src = bOff + j0 * ldb + p0 + p; j < nb; j++, src += ldb) {
        row[j] = b[src];
      }
    }
  }

  /** Rows 0 to 3 of s, four rows of C, gain A(i + r, p) times row RB + p of s, for p below kb. */
  private static void axpy4(double[] a, int a0, int ars, int acs, int kb, double[][] s, int nb) {
    double[] c0 = s[0];
    double[] c1 = s[1];
    double[] c2 = s[2];
    double[] c3 = s[3];
    for (int p = 0; p < kb; p++) {
      int ap = a0 + p * acs;
      double x0 = a[ap];
      double x1 = a[ap + ars];
      double x2 = a[ap + 2 * ars];
      double x3 = a[ap + 3 * ars];
      double[] row = s[RB + p];
      for (int j = 0; j < nb; j++) {
        double v = row[j];
        c0[j] += x0 * v;
        c1[j] += x1 * v;
        c2[j] += x2 * v;
        c3[j] += x3 * v;
      }
    }
  }

  /** One row of C, {@code acc}, gains A(i, p) times row RB + p of s, for p below kb. */
  private static void axpy1(double[] a, int ai, int acs, int kb, double[][] s, double[] acc, int nb) {
    for (int p = 0; p < kb; p++) {
      double x = a[ai + p * acs];
      double[] row = s[RB + p];
      for (int j = 0; j < nb; j++) {
        acc[j] += x * row[j];
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
