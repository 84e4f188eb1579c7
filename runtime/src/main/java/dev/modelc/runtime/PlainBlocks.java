package dev.modelc.runtime;

import java.util.Arrays;

/**
 * {@link PlainGemm}'s blocked product: a block of op(B) ({@code KB} rows by {@code NB} columns)
 * is copied into arrays of its own, one per row, and four rows of C at a time accumulate in arrays
 * of their own ({@link RowBlocks} says why), sharing each load of B: 12 to 15 GFLOP/s on a Zen
 * core with AVX2, where the same loops over offsets into the operands ran at 2. Each element of C
 * starts at zero (or its old value) and gains a[i][p] * b[p][j] for p in order, one rounded
 * product and one rounded sum at a time, whichever block of C it is in; the sums pass from one
 * block of k to the next through C, and the epilogue is applied to each block of C as the last
 * block of k finishes it.
 */
final class PlainBlocks {
  /**
   * Rows and columns of op(B) per block: a block of floats (256 KiB) stays in L2 across all rows
   * of C, and the accumulators of four rows (4 KiB) in L1.
   */
  private static final int KB = 256;
  private static final int NB = 256;
  /** Rows of C per pass over a block of B; their accumulators are the first rows of the scratch. */
  private static final int RB = 4;

  private PlainBlocks() {}

  /** C = op(A)·op(B), with A(i, p) at {@code a[aOff + i * ars + p * acs]}, then the epilogue. */
  static void sgemm(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      boolean transB, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    float[][] s = RowBlocks.floats(RB + Math.min(k, KB), Math.min(n, NB));
    for (int j0 = 0; j0 < n; j0 += NB) {
      int nb = Math.min(NB, n - j0);
      for (int p0 = 0; p0 < k; p0 += KB) {
        int kb = Math.min(KB, k - p0);
        copyB(transB, b, bOff, ldb, p0, kb, j0, nb, s);
        for (int i0 = 0; i0 < m; i0 += RB) {
          int rows = Math.min(RB, m - i0);
          int c0 = cOff + i0 * ldc + j0;
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
   * Copies rows p0..p0+kb of op(B), columns j0..j0+nb, into rows RB.. of s. When B is stored
   * n x k, column j of op(B) is row j of B, read along its length.
   */
  private static void copyB(boolean transB, float[] b, int bOff, int ldb, int p0, int kb,
      int j0, int nb, float[][] s) {
    if (!transB) {
      RowBlocks.copyRows(b, bOff, ldb, p0, kb, j0, nb, s, RB);
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

  /** C = op(A)·op(B), with A(i, p) at {@code a[aOff + i * ars + p * acs]}, then the epilogue. */
  static void dgemm(int m, int n, int k, double[] a, int aOff, int ars, int acs,
      boolean transB, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    double[][] s = RowBlocks.doubles(RB + Math.min(k, KB), Math.min(n, NB));
    for (int j0 = 0; j0 < n; j0 += NB) {
      int nb = Math.min(NB, n - j0);
      for (int p0 = 0; p0 < k; p0 += KB) {
        int kb = Math.min(KB, k - p0);
        copyB(transB, b, bOff, ldb, p0, kb, j0, nb, s);
        for (int i0 = 0; i0 < m; i0 += RB) {
          int rows = Math.min(RB, m - i0);
          int c0 = cOff + i0 * ldc + j0;
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
   * Copies rows p0..p0+kb of op(B), columns j0..j0+nb, into rows RB.. of s. When B is stored
   * n x k, column j of op(B) is row j of B, read along its length.
   */
  private static void copyB(boolean transB, double[] b, int bOff, int ldb, int p0, int kb,
      int j0, int nb, double[][] s) {
    if (!transB) {
      RowBlocks.copyRows(b, bOff, ldb, p0, kb, j0, nb, s, RB);
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
}
