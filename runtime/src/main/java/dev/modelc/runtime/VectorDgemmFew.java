package dev.modelc.runtime;

import static dev.modelc.runtime.VectorGemm.NC;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The double twin of {@link VectorGemmFew}: the products of {@link VectorDgemm} with few rows. */
final class VectorDgemmFew {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Lanes per vector. */
  private static final int L = S.length();

  private VectorDgemmFew() {}

  /**
   * C = op(A)·B for fewer than FEW rows, B read in place, in plain Java (see VectorGemm):
   * each row of C, {@code NC} columns at a time, is accumulated over all of k in the caller's
   * per-thread scratch {@code s} as a vector in a register would accumulate it, with a fused multiply-add per term in
   * the columns that whole vectors of L cover, and a product and a sum in the last n % L.
   */
  static void rows(int m, int n, int k, double[] a, int aOff, int ars, int acs,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, double[] s) {
    int fused = n - n % L;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * ars;
      int ci = cOff + i * ldc;
      for (int j0 = 0; j0 < n; j0 += NC) {
        int w = Math.min(NC, n - j0);
        int wf = Math.max(0, Math.min(w, fused - j0));
        Arrays.fill(s, 0, w, 0.0);
        for (int p = 0, bp = bOff + j0; p < k; p++, bp += ldb) {
          double x = a[ai + p * acs];
          for (int j = 0; j < wf; j++) {
            s[j] = Math.fma(x, b[bp + j], s[j]);
          }
          for (int j = wf; j < w; j++) {
            s[j] += x * b[bp + j];
          }
        }
        for (int j = 0, cj = ci + j0; j < w; j++, cj++) {
          c[cj] = accumulate ? c[cj] + s[j] : s[j];
        }
      }
    }
  }

  /**
   * C = A·B for a few rows when A is stored as is and B transposed, so both operands of each
   * entry's dot product are contiguous: four rows of B at a time share each load of A.
   */
  static void dots(int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      int ci = cOff + i * ldc;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        int b0 = bOff + j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int p = 0;
        for (; p + L <= k; p += L) {
          DoubleVector x = DoubleVector.fromArray(S, a, ai + p);
          s0 = x.fma(DoubleVector.fromArray(S, b, b0 + p), s0);
          s1 = x.fma(DoubleVector.fromArray(S, b, b1 + p), s1);
          s2 = x.fma(DoubleVector.fromArray(S, b, b2 + p), s2);
          s3 = x.fma(DoubleVector.fromArray(S, b, b3 + p), s3);
        }
        double t0 = s0.reduceLanes(VectorOperators.ADD);
        double t1 = s1.reduceLanes(VectorOperators.ADD);
        double t2 = s2.reduceLanes(VectorOperators.ADD);
        double t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          double x = a[ai + p];
          t0 += x * b[b0 + p];
          t1 += x * b[b1 + p];
          t2 += x * b[b2 + p];
          t3 += x * b[b3 + p];
        }
        c[ci + j] = accumulate ? c[ci + j] + t0 : t0;
        c[ci + j + 1] = accumulate ? c[ci + j + 1] + t1 : t1;
        c[ci + j + 2] = accumulate ? c[ci + j + 2] + t2 : t2;
        c[ci + j + 3] = accumulate ? c[ci + j + 3] + t3 : t3;
      }
      for (; j < n; j++) {
        int bj = bOff + j * ldb;
        DoubleVector s0 = DoubleVector.zero(S);
        int p = 0;
        for (; p + L <= k; p += L) {
          s0 = DoubleVector.fromArray(S, a, ai + p).fma(DoubleVector.fromArray(S, b, bj + p), s0);
        }
        double t = s0.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          t += a[ai + p] * b[bj + p];
        }
        c[ci + j] = accumulate ? c[ci + j] + t : t;
      }
    }
  }
}
