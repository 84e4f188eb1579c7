package dev.modelc.runtime;

import static dev.modelc.runtime.VectorGemm.MR;
import static dev.modelc.runtime.VectorGemm.NR;
import static dev.modelc.runtime.VectorGemm.roundUp;

/**
 * The packing loops of {@link VectorGemm}: slices of op(B) into panels of {@code NR} columns and
 * of op(A) into strips of {@code MR} rows, for one thread's scratch or, for blocks of rows that
 * share op(B), once for all of them into the pool's buffer. Plain Java, not the Vector API (see
 * {@link VectorGemm}'s class comment).
 */
final class VectorGemmPacks {

  private VectorGemmPacks() {}

  /** The floats that op(B) of a product n wide and k deep takes when packed whole for sharing. */
  static int sharedB(int n, int k) {
    return k * roundUp(n, NR);
  }

  /**
   * Where the KC x NC block of op(B) that starts at column j0 and depth p0, nc columns wide,
   * starts in the shared packing of a product of depth k: the column blocks before it hold all k
   * rows of their columns, and the slices before it in its own column block p0 rows.
   */
  static int sharedBlock(int j0, int p0, int nc, int k) {
    return j0 * k + p0 * roundUp(nc, NR);
  }

  /**
   * Packs panels {@code from} to {@code to} of op(B), of the {@link VectorGemm#sharedPanels} of
   * the whole product, into {@code shared}: each where {@link VectorGemm}'s blocks of rows read
   * it. Panel u is panel u % panels of slice u / panels.
   */
  static void sharedPanels(boolean transB, int n, int k, float[] b, int bOff, int ldb,
      float[] shared, int from, int to) {
    int depth = VectorGemm.sliceDepth(k);
    int blockColumns = VectorGemm.blockColumns(depth, NR);
    int panels = (n + NR - 1) / NR;
    for (int u = from; u < to; u++) {
      int p0 = u / panels * depth;
      int j = u % panels * NR;
      int j0 = j / blockColumns * blockColumns;
      int kc = Math.min(depth, k - p0);
      int nc = Math.min(blockColumns, n - j0);
      packB(transB, b, bOff, ldb, p0, kc, j, Math.min(NR, n - j), shared,
          sharedBlock(j0, p0, nc, k) + (j - j0) * kc);
    }
  }

  /**
   * Packs rows p0..p0+kc of op(B), columns j0..j0+nc, into {@code s} from d0: panel q holds
   * columns q*NR.. and starts at d0 + q*NR*kc, with element (p, j) at p*NR + j within it. Plain
   * Java, not the Vector API: see the class comment.
   */
  static void packB(boolean transB, float[] b, int bOff, int ldb,
      int p0, int kc, int j0, int nc, float[] s, int d0) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int panel = d0 + jr * kc;
      if (nr < NR) {
        // Zero the padding of a partial panel, so no stale value (or slow subnormal) enters the
        // columns that are computed and then discarded.
        for (int p = 0; p < kc; p++) {
          for (int j = nr; j < NR; j++) {
            s[panel + p * NR + j] = 0;
          }
        }
      }
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, s, panel + p * NR, nr);
        }
      } else {
        // B is stored n x k, so column j of op(B) is row j of B: contiguous in p. Four rows at
        // a time fill four adjacent elements of each row of the panel, and so touch its lines
        // a quarter as often as one row at a time.
        int j = 0;
        for (; j + 4 <= nr; j += 4) {
          int r0 = bOff + (j0 + jr + j) * ldb + p0;
          int r1 = r0 + ldb;
          int r2 = r1 + ldb;
          int r3 = r2 + ldb;
          for (int p = 0, d = panel + j; p < kc; p++, d += NR) {
            s[d] = b[r0 + p];
            s[d + 1] = b[r1 + p];
            s[d + 2] = b[r2 + p];
            s[d + 3] = b[r3 + p];
          }
        }
        for (; j < nr; j++) {
          int src = bOff + (j0 + jr + j) * ldb + p0;
          for (int p = 0; p < kc; p++) {
            s[panel + p * NR + j] = b[src + p];
          }
        }
      }
    }
  }

  /**
   * Copies mr rows of a transposed A, element (r, p) at {@code a[ar + r + p * acs]}, kc deep, into
   * s from d as rows: element (r, p) at {@code d + r * kc + p}, for
   * {@link VectorGemmTiles#tile6InRows}.
   */
  static void stripAsRows(float[] a, int ar, int acs, int mr, int kc, float[] s, int d) {
    for (int r = 0; r < mr; r++) {
      for (int p = 0, q = ar + r; p < kc; p++, q += acs) {
        s[d + r * kc + p] = a[q];
      }
    }
  }

  /**
   * Packs mc rows and kc columns of op(A), starting at a0, into s from base: strip t holds
   * rows t*MR.. and starts at t*MR*kc, with element (r, p) at p*MR + r within it. Whole strips
   * name each row's element, so the loop does no arithmetic per row and the compiler keeps the
   * row offsets in registers. Only the four-row kernel reads a packed A (the six-row kernels read
   * it in place), so MR is 4 here.
   */
  static void packA(float[] a, int a0, int ars, int acs, int mc, int kc, float[] s,
      int base) {
    int ir = 0;
    for (; ir + MR <= mc; ir += MR) {
      int r0 = a0 + ir * ars;
      int r1 = r0 + ars;
      int r2 = r1 + ars;
      int r3 = r2 + ars;
      int end = base + (ir + MR) * kc;
      for (int d = base + ir * kc, q = 0; d < end; d += 4, q += acs) {
        s[d] = a[r0 + q];
        s[d + 1] = a[r1 + q];
        s[d + 2] = a[r2 + q];
        s[d + 3] = a[r3 + q];
      }
    }
    if (ir < mc) {
      // A partial strip, padded with zeros like a partial panel of B.
      int mr = mc - ir;
      int width = MR;
      int strip = base + ir * kc;
      for (int p = 0; p < kc; p++) {
        int src = a0 + ir * ars + p * acs;
        int dst = strip + p * width;
        for (int r = 0; r < mr; r++) {
          s[dst + r] = a[src + r * ars];
        }
        for (int r = mr; r < width; r++) {
          s[dst + r] = 0;
        }
      }
    }
  }
}
