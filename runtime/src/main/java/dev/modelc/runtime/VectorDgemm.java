package dev.modelc.runtime;

import static dev.modelc.runtime.VectorGemm.KC;
import static dev.modelc.runtime.VectorGemm.FEW;
import static dev.modelc.runtime.VectorGemm.MC;
import static dev.modelc.runtime.VectorGemm.MR;
import static dev.modelc.runtime.VectorGemm.NC;
import static dev.modelc.runtime.VectorGemm.SMALL;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double-precision twin of {@link VectorGemm}: the same blocking, packing and micro-kernel
 * over {@code DoubleVector}, line for line, so a change to one belongs in the other.
 */
final class VectorDgemm {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Lanes per vector. */
  private static final int L = S.length();
  /** Columns of C per micro-kernel call: two vectors. */
  private static final int NR = 2 * L;
  /** Scratch layout: packed B, then packed A, then one spilled tile of C. */
  private static final int A_PACK = KC * VectorGemm.roundUp(NC, NR);
  private static final int TILE = A_PACK + MC * KC;
  /**
   * Up to this many columns of C (four panels) a product is narrow: the float products' rule, see
   * {@link VectorGemm#NARROW_COLUMNS}.
   */
  static final int NARROW_COLUMNS = 4 * NR;
  private static final ThreadLocal<double[]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[TILE + MR * NR]);

  private VectorDgemm() {}

  static void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    boolean dots = transB && !transA && m < 2 * FEW;
    // A plain dot product is one chain of dependent additions: a few rows times B transposed take
    // the vector dot products from the depth of one vector, however small the product.
    if (k == 0 || ((long) m * n * k < SMALL && !(dots && k >= L))) {
      PlainGemm.INSTANCE.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb,
          c, cOff, ldc, accumulate, epilogue, e, eOff, lde);
      return;
    }
    // A(i, p) is a[aOff + i * ars + p * acs] whether or not A is stored transposed.
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    // With few rows (a single example, a tiny batch) packing B would cost about as much as the
    // product, so B is read in place. Packing a transposed B means transposing it, which pays
    // off later, from 2 * FEW rows.
    if (!transB && m < FEW) {
      VectorDgemmFew.rows(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, accumulate);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    if (dots) {
      VectorDgemmFew.dots(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    packedProduct(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde);
  }

  /** The packed path of {@link #dgemm}: see {@link VectorGemm}'s packedProduct. */
  private static void packedProduct(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    if (VectorGemm.computesTranspose(transB, m, n, k, accumulate, NARROW_COLUMNS)) {
      // Cᵀ = B·op(A)ᵀ into scratch, then copied into C: see VectorGemm.computesTranspose.
      double[] t = TransposedC.doubles(n * m);
      packed(n, m, k, b, bOff, ldb, 1, !transA, a, aOff, lda, t, 0, m, false,
          Epilogue.NONE, null, 0, 0);
      TransposedC.copy(t, m, n, c, cOff, ldc, epilogue, e, eOff, lde);
      return;
    }
    packed(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1, transB, b, bOff, ldb,
        c, cOff, ldc, accumulate, epilogue, e, eOff, lde);
  }

  /** Columns of C per micro-kernel tile. */
  static int tileColumns() {
    return NR;
  }

  /**
   * The packed path, also called by {@link VectorGemm#dgemmBlock} for a block of a larger
   * product: see {@link VectorGemm}.
   */
  static void packed(int m, int n, int k, double[] a, int aOff, int ars, int acs,
      boolean transB, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
      boolean accumulate, Epilogue epilogue, double[] e, int eOff, int lde) {
    double[] s = SCRATCH.get();
    int depth = VectorGemm.sliceDepth(k);
    int blockRows = VectorGemm.blockRows(depth);
    int blockColumns = VectorGemm.blockColumns(depth, NR);
    for (int j0 = 0; j0 < n; j0 += blockColumns) {
      int nc = Math.min(blockColumns, n - j0);
      for (int p0 = 0; p0 < k; p0 += depth) {
        int kc = Math.min(depth, k - p0);
        boolean add = accumulate || p0 > 0; // later slices add to what earlier ones wrote
        // The last slice finishes the sums, so its tiles are stored through the epilogue.
        Epilogue epi = p0 + kc == k ? epilogue : Epilogue.NONE;
        packB(transB, b, bOff, ldb, p0, kc, j0, nc, s);
        for (int i0 = 0; i0 < m; i0 += blockRows) {
          int mc = Math.min(blockRows, m - i0);
          if (!VectorGemm.A_IN_PLACE) {
            packA(a, aOff + i0 * ars + p0 * acs, ars, acs, mc, kc, s);
          }
          int strips = (mc + MR - 1) / MR;
          int panels = (nc + NR - 1) / NR;
          for (int tile = 0; tile < strips * panels; tile++) {
            // As in VectorGemm: in place, the panels pass a strip of A rather than the reverse.
            int ir = (VectorGemm.A_IN_PLACE ? tile / panels : tile % strips) * MR;
            int jr = (VectorGemm.A_IN_PLACE ? tile % panels : tile / strips) * NR;
            int mr = Math.min(MR, mc - ir);
            int nr = Math.min(NR, nc - jr);
            int c0 = cOff + (i0 + ir) * ldc + j0 + jr;
            // As in VectorGemm: a spilled tile is finished here, not in the kernel.
            boolean whole = mr == MR && nr == NR && epi == Epilogue.NONE;
            int ar = aOff + (i0 + ir) * ars + p0 * acs;
            boolean spilled;
            if (!VectorGemm.A_IN_PLACE) {
              spilled = VectorDgemmTiles.tile4(s, A_PACK + ir * kc, jr * kc, kc,
                  c, c0, ldc, whole, add, TILE);
            } else if (acs == 1) {
              spilled = VectorDgemmTiles.tile6InRows(a, ar, ars, s, jr * kc, kc,
                  c, c0, ldc, mr, whole && !add, TILE);
            } else if (mr == MR) {
              spilled = VectorDgemmTiles.tile6InColumns(a, ar, acs, s, jr * kc, kc,
                  c, c0, ldc, whole && !add, TILE);
            } else {
              // As in VectorGemm: the last strip of a transposed A copied as rows.
              int copy = A_PACK + ir * kc;
              if (jr == 0) {
                stripAsRows(a, ar, acs, mr, kc, s, copy);
              }
              spilled = VectorDgemmTiles.tile6InRows(s, copy, kc, s, jr * kc, kc,
                  c, c0, ldc, mr, whole && !add, TILE);
            }
            if (spilled) {
              VectorDgemmTiles.addTile(s, TILE, c, c0, ldc, MR, mr, nr, add, epi,
                  e, eOff + (i0 + ir) * lde + j0 + jr, lde);
            }
          }
        }
      }
    }
  }

  /**
   * Packs rows p0..p0+kc of op(B), columns j0..j0+nc, at the start of {@code s}: panel q holds
   * columns q*NR.. and starts at q*NR*kc, with element (p, j) at p*NR + j within it. Plain Java,
   * not the Vector API: see the class comment.
   */
  private static void packB(boolean transB, double[] b, int bOff, int ldb,
      int p0, int kc, int j0, int nc, double[] s) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int panel = jr * kc;
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

  /** The double twin of {@link VectorGemmPacks#stripAsRows}. */
  private static void stripAsRows(double[] a, int ar, int acs, int mr, int kc, double[] s,
      int d) {
    for (int r = 0; r < mr; r++) {
      for (int p = 0, q = ar + r; p < kc; p++, q += acs) {
        s[d + r * kc + p] = a[q];
      }
    }
  }

  /**
   * Packs mc rows and kc columns of op(A), starting at a0, into s from A_PACK: strip t holds
   * rows t*MR.. and starts at t*MR*kc, with element (r, p) at p*MR + r within it. Whole strips
   * name each row's element, so the loop does no arithmetic per row and the compiler keeps the
   * row offsets in registers. Only the four-row kernel reads a packed A (the six-row kernels read
   * it in place), so MR is 4 here.
   */
  private static void packA(double[] a, int a0, int ars, int acs, int mc, int kc, double[] s) {
    int ir = 0;
    for (; ir + MR <= mc; ir += MR) {
      int r0 = a0 + ir * ars;
      int r1 = r0 + ars;
      int r2 = r1 + ars;
      int r3 = r2 + ars;
      int end = A_PACK + (ir + MR) * kc;
      for (int d = A_PACK + ir * kc, q = 0; d < end; d += 4, q += acs) {
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
      int strip = A_PACK + ir * kc;
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
