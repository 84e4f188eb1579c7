package dev.modelc.runtime;

import static dev.modelc.runtime.VectorGemm.KC;
import static dev.modelc.runtime.VectorGemm.NC;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float products of {@link VectorGemm} with too few rows of C to repay packing (one example
 * at a time, a tiny batch): B is read where it is. Their epilogue is applied by the caller.
 */
final class VectorGemmFew {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector. */
  private static final int L = S.length();
  /** Columns from which {@link #rows} copies its blocks of B rather than reading them in place. */
  private static final int COPY_WIDTH = 64;

  private VectorGemmFew() {}

  /**
   * C = op(A)·B for fewer than FEW rows, in plain Java (see VectorGemm): each row of C,
   * {@code NC} columns at a time, is accumulated over all of k as a vector in a register would
   * accumulate it, with a fused multiply-add per term in the columns that whole vectors of L
   * cover, and a product and a sum in the last n % L. B is read in blocks of {@code KC} rows,
   * each copied into arrays of its own that the rows of C share, so that C2 compiles the loops to
   * vector instructions ({@link RowBlocks}).
   */
  static void rows(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    int fused = n - n % L;
    int depth = Math.min(k, KC);
    // Rows 0..m-1 accumulate the rows of C; rows m.. hold the block of B.
    float[][] s = RowBlocks.floats(m + depth, Math.min(n, NC));
    for (int j0 = 0; j0 < n; j0 += NC) {
      int w = Math.min(NC, n - j0);
      int wf = Math.max(0, Math.min(w, fused - j0));
      for (int i = 0; i < m; i++) {
        Arrays.fill(s[i], 0, w, 0f);
      }
      for (int p0 = 0; p0 < k; p0 += depth) {
        int kb = Math.min(depth, k - p0);
        // A short row of B costs more to copy than the loop over it saves: narrow blocks read B
        // where it is.
        boolean copy = w >= COPY_WIDTH;
        if (copy) {
          RowBlocks.copyRows(b, bOff, ldb, p0, kb, j0, w, s, m);
        }
        for (int i = 0; i < m; i++) {
          int ai = aOff + i * ars + p0 * acs;
          if (copy) {
            addCopied(a, ai, acs, kb, s, m, s[i], w, wf);
          } else {
            addInPlace(a, ai, acs, kb, b, bOff + p0 * ldb + j0, ldb, s[i], w, wf);
          }
        }
      }
      for (int i = 0; i < m; i++) {
        float[] acc = s[i];
        for (int j = 0, cj = cOff + i * ldc + j0; j < w; j++, cj++) {
          c[cj] = accumulate ? c[cj] + acc[j] : acc[j];
        }
      }
    }
  }

  /**
   * acc gains A(i, p) times row {@code first + p} of s, for p below kb: a fused multiply-add in
   * the first wf columns, a product and a sum in the others. Every index is free of an offset,
   * as C2 needs to vectorize the loops.
   */
  private static void addCopied(float[] a, int ai, int acs, int kb, float[][] s, int first,
      float[] acc, int w, int wf) {
    for (int p = 0; p < kb; p++) {
      float x = a[ai + p * acs];
      float[] row = s[first + p];
      for (int j = 0; j < wf; j++) {
        acc[j] = Math.fma(x, row[j], acc[j]);
      }
      for (int j = wf; j < w; j++) {
        acc[j] += x * row[j];
      }
    }
  }

  /** {@link #addCopied} with the rows of B where they are, from b[b0], ldb apart. */
  private static void addInPlace(float[] a, int ai, int acs, int kb, float[] b, int b0, int ldb,
      float[] acc, int w, int wf) {
    for (int p = 0, bp = b0; p < kb; p++, bp += ldb) {
      float x = a[ai + p * acs];
      for (int j = 0; j < wf; j++) {
        acc[j] = Math.fma(x, b[bp + j], acc[j]);
      }
      for (int j = wf; j < w; j++) {
        acc[j] += x * b[bp + j];
      }
    }
  }

  /**
   * C = A·B for a few rows when A is stored as is and B transposed, so both operands of each
   * entry's dot product are contiguous: four rows of B at a time share each load of A.
   */
  static void dots(int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      int ci = cOff + i * ldc;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        int b0 = bOff + j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int p = 0;
        for (; p + L <= k; p += L) {
          FloatVector x = FloatVector.fromArray(S, a, ai + p);
          s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
          s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
          s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
          s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        float t0 = s0.reduceLanes(VectorOperators.ADD);
        float t1 = s1.reduceLanes(VectorOperators.ADD);
        float t2 = s2.reduceLanes(VectorOperators.ADD);
        float t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          float x = a[ai + p];
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
        FloatVector s0 = FloatVector.zero(S);
        int p = 0;
        for (; p + L <= k; p += L) {
          s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
        }
        float t = s0.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          t += a[ai + p] * b[bj + p];
        }
        c[ci + j] = accumulate ? c[ci + j] + t : t;
      }
    }
  }
}
