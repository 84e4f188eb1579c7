package dev.modelc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products on the Vector API, organized like BLIS: C is computed in blocks of
 * {@code MC x NC} with {@code KC}-deep slices of A and B copied ("packed") into per-thread
 * scratch, and a register-blocked micro-kernel computes {@code MR} rows by two vectors of columns
 * of C with fused multiply-adds.
 *
 * <p>Packing turns every combination of transposed operands into the same contiguous layout, so
 * one micro-kernel serves all four. B is packed in panels of {@code NR} columns, row by row;
 * A in strips of {@code MR} rows, column by column. Partial panels and strips are padded with
 * zeros, and the micro-kernel writes only the valid part of its tile, so odd sizes need no
 * masked vector operations (which are slow on CPUs without mask registers). Products too small
 * for packing to pay off, and those with fewer than {@code MR} rows, go to {@link PlainGemm}.
 *
 * <p>Only {@link Gemm} refers to this class, after checking that the incubator module is
 * present, so the runtime loads and runs on a JVM without it.
 */
final class VectorGemm implements GemmKernel {

  /** Rows of C per micro-kernel call. */
  static final int MR = 4;
  /** Depth of a packed slice: a KC x NR panel of B (16 KiB of floats) stays in L1. */
  static final int KC = 128;
  /** Rows of A packed at once: an MC x KC block (64 KiB of floats) stays in L2. */
  static final int MC = 128;
  /** Columns of B packed at once. */
  static final int NC = 512;
  /** Below this many multiply-adds, the plain loops are faster than packing. */
  static final long SMALL = 4096;

  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final int FL = FS.length();
  private static final int FNR = 2 * FL;
  private static final int F_A = KC * roundUp(NC, FNR);
  private static final int F_TILE = F_A + MC * KC;
  private static final ThreadLocal<float[]> FLOAT_SCRATCH =
      ThreadLocal.withInitial(() -> new float[F_TILE + MR * FNR]);

  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int DL = DS.length();
  private static final int DNR = 2 * DL;
  private static final int D_A = KC * roundUp(NC, DNR);
  private static final int D_TILE = D_A + MC * KC;
  private static final ThreadLocal<double[]> DOUBLE_SCRATCH =
      ThreadLocal.withInitial(() -> new double[D_TILE + MR * DNR]);

  /** Whether the preferred vectors are wide enough (four floats) for this class to pay off. */
  static boolean worthwhile() {
    return FL >= 4;
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (m < MR || k == 0 || (long) m * n * k < SMALL) {
      PlainGemm.INSTANCE.sgemm(
          transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    float[] s = FLOAT_SCRATCH.get();
    // A(i, p) is a[aOff + i * ars + p * acs] whether or not A is stored transposed.
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    for (int j0 = 0; j0 < n; j0 += NC) {
      int nc = Math.min(NC, n - j0);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = Math.min(KC, k - p0);
        boolean add = accumulate || p0 > 0; // later slices add to what earlier ones wrote
        packB(transB, b, bOff, ldb, p0, kc, j0, nc, s);
        for (int i0 = 0; i0 < m; i0 += MC) {
          int mc = Math.min(MC, m - i0);
          packA(a, aOff + i0 * ars + p0 * acs, ars, acs, mc, kc, s);
          for (int jr = 0; jr < nc; jr += FNR) {
            int nr = Math.min(FNR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              kernel(s, F_A + ir * kc, jr * kc, kc,
                  c, cOff + (i0 + ir) * ldc + j0 + jr, ldc, mr, nr, add);
            }
          }
        }
      }
    }
  }

  /**
   * Packs rows p0..p0+kc of op(B), columns j0..j0+nc, at the start of {@code s}: panel q holds
   * columns q*NR.. and starts at q*NR*kc, with element (p, j) at p*NR + j within it.
   */
  private static void packB(boolean transB, float[] b, int bOff, int ldb,
      int p0, int kc, int j0, int nc, float[] s) {
    for (int jr = 0; jr < nc; jr += FNR) {
      int nr = Math.min(FNR, nc - jr);
      int panel = jr * kc;
      if (!transB && nr == FNR) {
        for (int p = 0, src = bOff + p0 * ldb + j0 + jr; p < kc; p++, src += ldb) {
          FloatVector.fromArray(FS, b, src).intoArray(s, panel + p * FNR);
          FloatVector.fromArray(FS, b, src + FL).intoArray(s, panel + p * FNR + FL);
        }
        continue;
      }
      for (int p = 0; p < kc; p++) {
        for (int j = nr; j < FNR; j++) {
          s[panel + p * FNR + j] = 0f;
        }
      }
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, s, panel + p * FNR, nr);
        }
      } else {
        // B is stored n x k, so column j of op(B) is row j of B: contiguous in p.
        for (int j = 0; j < nr; j++) {
          int src = bOff + (j0 + jr + j) * ldb + p0;
          for (int p = 0; p < kc; p++) {
            s[panel + p * FNR + j] = b[src + p];
          }
        }
      }
    }
  }

  /**
   * Packs mc rows and kc columns of op(A), starting at a0, into s from F_A: strip t holds rows
   * t*MR.. and starts at t*MR*kc, with element (r, p) at p*MR + r within it.
   */
  private static void packA(float[] a, int a0, int ars, int acs, int mc, int kc, float[] s) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int strip = F_A + ir * kc;
      for (int p = 0; p < kc; p++) {
        int src = a0 + ir * ars + p * acs;
        int dst = strip + p * MR;
        for (int r = 0; r < mr; r++) {
          s[dst + r] = a[src + r * ars];
        }
        for (int r = mr; r < MR; r++) {
          s[dst + r] = 0f;
        }
      }
    }
  }

  /**
   * Computes an MR x NR tile of C from a packed strip of A (at ap) and panel of B (at bp), and
   * adds it to, or stores it over, the mr x nr part of C that exists.
   */
  private static void kernel(float[] s, int ap, int bp, int kc,
      float[] c, int c0, int ldc, int mr, int nr, boolean add) {
    FloatVector c00 = FloatVector.zero(FS);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int p = 0; p < kc; p++, ap += MR, bp += FNR) {
      FloatVector b0 = FloatVector.fromArray(FS, s, bp);
      FloatVector b1 = FloatVector.fromArray(FS, s, bp + FL);
      FloatVector x = FloatVector.broadcast(FS, s[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(FS, s[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(FS, s[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(FS, s[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    if (mr == MR && nr == FNR) {
      store(c00, c, c0, add);
      store(c01, c, c0 + FL, add);
      store(c10, c, c0 + ldc, add);
      store(c11, c, c0 + ldc + FL, add);
      store(c20, c, c0 + 2 * ldc, add);
      store(c21, c, c0 + 2 * ldc + FL, add);
      store(c30, c, c0 + 3 * ldc, add);
      store(c31, c, c0 + 3 * ldc + FL, add);
      return;
    }
    // An edge tile: spill the registers to scratch and copy out the part inside C.
    c00.intoArray(s, F_TILE);
    c01.intoArray(s, F_TILE + FL);
    c10.intoArray(s, F_TILE + FNR);
    c11.intoArray(s, F_TILE + FNR + FL);
    c20.intoArray(s, F_TILE + 2 * FNR);
    c21.intoArray(s, F_TILE + 2 * FNR + FL);
    c30.intoArray(s, F_TILE + 3 * FNR);
    c31.intoArray(s, F_TILE + 3 * FNR + FL);
    for (int r = 0; r < mr; r++) {
      int ci = c0 + r * ldc;
      int ti = F_TILE + r * FNR;
      for (int j = 0; j < nr; j++) {
        c[ci + j] = add ? c[ci + j] + s[ti + j] : s[ti + j];
      }
    }
  }

  private static void store(FloatVector v, float[] c, int off, boolean add) {
    (add ? v.add(FloatVector.fromArray(FS, c, off)) : v).intoArray(c, off);
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    if (m < MR || k == 0 || (long) m * n * k < SMALL) {
      PlainGemm.INSTANCE.dgemm(
          transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    double[] s = DOUBLE_SCRATCH.get();
    // A(i, p) is a[aOff + i * ars + p * acs] whether or not A is stored transposed.
    int ars = transA ? 1 : lda;
    int acs = transA ? lda : 1;
    for (int j0 = 0; j0 < n; j0 += NC) {
      int nc = Math.min(NC, n - j0);
      for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = Math.min(KC, k - p0);
        boolean add = accumulate || p0 > 0; // later slices add to what earlier ones wrote
        packB(transB, b, bOff, ldb, p0, kc, j0, nc, s);
        for (int i0 = 0; i0 < m; i0 += MC) {
          int mc = Math.min(MC, m - i0);
          packA(a, aOff + i0 * ars + p0 * acs, ars, acs, mc, kc, s);
          for (int jr = 0; jr < nc; jr += DNR) {
            int nr = Math.min(DNR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              kernel(s, D_A + ir * kc, jr * kc, kc,
                  c, cOff + (i0 + ir) * ldc + j0 + jr, ldc, mr, nr, add);
            }
          }
        }
      }
    }
  }

  /**
   * Packs rows p0..p0+kc of op(B), columns j0..j0+nc, at the start of {@code s}: panel q holds
   * columns q*NR.. and starts at q*NR*kc, with element (p, j) at p*NR + j within it.
   */
  private static void packB(boolean transB, double[] b, int bOff, int ldb,
      int p0, int kc, int j0, int nc, double[] s) {
    for (int jr = 0; jr < nc; jr += DNR) {
      int nr = Math.min(DNR, nc - jr);
      int panel = jr * kc;
      if (!transB && nr == DNR) {
        for (int p = 0, src = bOff + p0 * ldb + j0 + jr; p < kc; p++, src += ldb) {
          DoubleVector.fromArray(DS, b, src).intoArray(s, panel + p * DNR);
          DoubleVector.fromArray(DS, b, src + DL).intoArray(s, panel + p * DNR + DL);
        }
        continue;
      }
      for (int p = 0; p < kc; p++) {
        for (int j = nr; j < DNR; j++) {
          s[panel + p * DNR + j] = 0.0;
        }
      }
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, s, panel + p * DNR, nr);
        }
      } else {
        // B is stored n x k, so column j of op(B) is row j of B: contiguous in p.
        for (int j = 0; j < nr; j++) {
          int src = bOff + (j0 + jr + j) * ldb + p0;
          for (int p = 0; p < kc; p++) {
            s[panel + p * DNR + j] = b[src + p];
          }
        }
      }
    }
  }

  /**
   * Packs mc rows and kc columns of op(A), starting at a0, into s from D_A: strip t holds rows
   * t*MR.. and starts at t*MR*kc, with element (r, p) at p*MR + r within it.
   */
  private static void packA(double[] a, int a0, int ars, int acs, int mc, int kc, double[] s) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int strip = D_A + ir * kc;
      for (int p = 0; p < kc; p++) {
        int src = a0 + ir * ars + p * acs;
        int dst = strip + p * MR;
        for (int r = 0; r < mr; r++) {
          s[dst + r] = a[src + r * ars];
        }
        for (int r = mr; r < MR; r++) {
          s[dst + r] = 0.0;
        }
      }
    }
  }

  /**
   * Computes an MR x NR tile of C from a packed strip of A (at ap) and panel of B (at bp), and
   * adds it to, or stores it over, the mr x nr part of C that exists.
   */
  private static void kernel(double[] s, int ap, int bp, int kc,
      double[] c, int c0, int ldc, int mr, int nr, boolean add) {
    DoubleVector c00 = DoubleVector.zero(DS);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    for (int p = 0; p < kc; p++, ap += MR, bp += DNR) {
      DoubleVector b0 = DoubleVector.fromArray(DS, s, bp);
      DoubleVector b1 = DoubleVector.fromArray(DS, s, bp + DL);
      DoubleVector x = DoubleVector.broadcast(DS, s[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(DS, s[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(DS, s[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(DS, s[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    if (mr == MR && nr == DNR) {
      store(c00, c, c0, add);
      store(c01, c, c0 + DL, add);
      store(c10, c, c0 + ldc, add);
      store(c11, c, c0 + ldc + DL, add);
      store(c20, c, c0 + 2 * ldc, add);
      store(c21, c, c0 + 2 * ldc + DL, add);
      store(c30, c, c0 + 3 * ldc, add);
      store(c31, c, c0 + 3 * ldc + DL, add);
      return;
    }
    // An edge tile: spill the registers to scratch and copy out the part inside C.
    c00.intoArray(s, D_TILE);
    c01.intoArray(s, D_TILE + DL);
    c10.intoArray(s, D_TILE + DNR);
    c11.intoArray(s, D_TILE + DNR + DL);
    c20.intoArray(s, D_TILE + 2 * DNR);
    c21.intoArray(s, D_TILE + 2 * DNR + DL);
    c30.intoArray(s, D_TILE + 3 * DNR);
    c31.intoArray(s, D_TILE + 3 * DNR + DL);
    for (int r = 0; r < mr; r++) {
      int ci = c0 + r * ldc;
      int ti = D_TILE + r * DNR;
      for (int j = 0; j < nr; j++) {
        c[ci + j] = add ? c[ci + j] + s[ti + j] : s[ti + j];
      }
    }
  }

  private static void store(DoubleVector v, double[] c, int off, boolean add) {
    (add ? v.add(DoubleVector.fromArray(DS, c, off)) : v).intoArray(c, off);
  }
}
