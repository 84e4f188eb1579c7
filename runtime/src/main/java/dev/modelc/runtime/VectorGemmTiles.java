package dev.modelc.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link VectorGemm}: each computes a tile of C, {@code MR} rows by two
 * vectors of columns, from a strip of A and a packed panel of B, accumulating every element with
 * fused multiply-adds in the order of p. {@link VectorDgemmTiles} is the double twin.
 *
 * <p>Two tile heights, because the best one depends on the vector registers: with 512-bit vectors
 * (32 registers on AVX-512) four rows from a packed strip of A measured 87 to 93 GFLOP/s on Zen 4;
 * with 256-bit vectors (16 registers on AVX2) six rows, twelve accumulators, leave enough
 * independent fused multiply-adds in flight to cover their latency and amortize each load of B
 * over more of them, while the accumulators, two vectors of B and a broadcast still fit in the
 * registers. {@link VectorGemm#MR} makes the choice. The six-row kernels read A where it is, with
 * one index per step whether A is stored as rows ({@link #tile6InRows}) or transposed
 * ({@link #tile6InColumns}): 34 to 35 GFLOP/s on Zen (AVX2), as fast as from a packed strip, so A
 * is not copied. All compute an element of C with the same instructions, so the choice changes
 * the speed and not the bits.
 *
 * <p>A kernel calls no method with vector code of its own, and a tile it spills is finished by
 * its caller ({@link #addTile}). When C2 compiled a kernel after the spilled tiles had become
 * frequent, it inlined addTile and its epilogue (each under the 325 bytes of a hot method it
 * inlines), ran out of its budget of nodes, and left the vector operations of the kernel's loop
 * as calls to their plain-Java fallback: the products then ran three times slower and
 * allocated, for the whole life of the JVM, in about half of the runs on two threads. The
 * kernels are too large to be inlined into their caller, so each is compiled alone. That is also
 * why the two six-row kernels each write out their twelve fused multiply-adds and stores rather
 * than share them: they differ only in how a step finds its six elements of A.
 */
final class VectorGemmTiles {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int NR = 2 * L;

  private VectorGemmTiles() {}

  /**
   * Computes a 4 x NR tile of C from a strip of A packed four rows wide (at ap) and a panel of B
   * (at bp). A {@code whole} tile (four rows, NR columns, no epilogue) is added to, or stored
   * over, C at c0; any other is spilled to s at {@code spill}, and the method returns true: the
   * caller then finishes it with {@link #addTile} (see the class comment for why the kernel
   * does not).
   */
  static boolean tile4(float[] s, int ap, int bp, int kc,
      float[] c, int c0, int ldc, boolean whole, boolean add, int spill) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int p = 0; p < kc; p++, ap += 4, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, s, bp);
      FloatVector b1 = FloatVector.fromArray(S, s, bp + L);
      FloatVector x = FloatVector.broadcast(S, s[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, s[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, s[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, s[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    if (whole) {
      store(c00, c, c0, add);
      store(c01, c, c0 + L, add);
      store(c10, c, c0 + ldc, add);
      store(c11, c, c0 + ldc + L, add);
      store(c20, c, c0 + 2 * ldc, add);
      store(c21, c, c0 + 2 * ldc + L, add);
      store(c30, c, c0 + 3 * ldc, add);
      store(c31, c, c0 + 3 * ldc + L, add);
      return false;
    }
    // An edge tile, or one with an epilogue: spill the registers for the caller's addTile.
    c00.intoArray(s, spill);
    c01.intoArray(s, spill + L);
    c10.intoArray(s, spill + NR);
    c11.intoArray(s, spill + NR + L);
    c20.intoArray(s, spill + 2 * NR);
    c21.intoArray(s, spill + 2 * NR + L);
    c30.intoArray(s, spill + 3 * NR);
    c31.intoArray(s, spill + 3 * NR + L);
    return true;
  }

  /**
   * Computes a 6 x NR tile of C from six rows of A read where they are, element (r, p) at
   * {@code a[ar + r * ars + p]}, and a panel of B (at bp). The depth is the only index into A, so
   * the compiler checks the bounds of the six rows once per call rather than in the loop and
   * keeps the loop's indices in registers: 34 to 35 GFLOP/s on Zen (AVX2), as fast as from a
   * packed strip, where a kernel stepping along A with a stride held two more indices and six
   * bounds checks per step and ran at 27. Rows past mr repeat row mr - 1 rather than read outside
   * A; their results are discarded. A {@code direct} tile (six rows, NR columns, no epilogue,
   * stored over C) is stored at c0; any other is spilled to s at {@code spill}, and the method
   * returns true, as {@link #tile4} does.
   */
  static boolean tile6InRows(float[] a, int ar, int ars, float[] s, int bp, int kc,
      float[] c, int c0, int ldc, int mr, boolean direct, int spill) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    int a0 = ar;
    int a1 = ar + Math.min(1, mr - 1) * ars;
    int a2 = ar + Math.min(2, mr - 1) * ars;
    int a3 = ar + Math.min(3, mr - 1) * ars;
    int a4 = ar + Math.min(4, mr - 1) * ars;
    int a5 = ar + Math.min(5, mr - 1) * ars;
    for (int q = 0; q < kc; q++, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, s, bp);
      FloatVector b1 = FloatVector.fromArray(S, s, bp + L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + q]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + q]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + q]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[a4 + q]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[a5 + q]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    // The compiler inlines the vector operations of a method only up to a budget of nodes, and
    // a vector passed to a method it did not inline is allocated: twelve accumulators leave no
    // room for twelve loads, adds and stores of C. So they are stored once, into C when they
    // replace a whole tile of it with no epilogue, and otherwise into scratch for addTile, which
    // the caller runs (see the class comment).
    float[] t = direct ? c : s;
    int t0 = direct ? c0 : spill;
    int ld = direct ? ldc : NR;
    c00.intoArray(t, t0);
    c01.intoArray(t, t0 + L);
    c10.intoArray(t, t0 + ld);
    c11.intoArray(t, t0 + ld + L);
    c20.intoArray(t, t0 + 2 * ld);
    c21.intoArray(t, t0 + 2 * ld + L);
    c30.intoArray(t, t0 + 3 * ld);
    c31.intoArray(t, t0 + 3 * ld + L);
    c40.intoArray(t, t0 + 4 * ld);
    c41.intoArray(t, t0 + 4 * ld + L);
    c50.intoArray(t, t0 + 5 * ld);
    c51.intoArray(t, t0 + 5 * ld + L);
    return !direct;
  }

  /**
   * {@link #tile6InRows} for A stored transposed, element (r, p) at {@code a[ar + r + p * acs]}:
   * a step's six elements are adjacent, one index reaches them, and the compiler checks their
   * bounds together. Six whole rows: the caller copies a last strip of fewer as rows and gives it
   * to tile6InRows, since this kernel would read past A's columns.
   */
  static boolean tile6InColumns(float[] a, int ar, int acs, float[] s, int bp, int kc,
      float[] c, int c0, int ldc, boolean direct, int spill) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    for (int p = 0, q = ar; p < kc; p++, q += acs, bp += NR) {
      FloatVector b0 = FloatVector.fromArray(S, s, bp);
      FloatVector b1 = FloatVector.fromArray(S, s, bp + L);
      FloatVector x = FloatVector.broadcast(S, a[q]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[q + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[q + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[q + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[q + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[q + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    // Stored once, as in tile6InRows.
    float[] t = direct ? c : s;
    int t0 = direct ? c0 : spill;
    int ld = direct ? ldc : NR;
    c00.intoArray(t, t0);
    c01.intoArray(t, t0 + L);
    c10.intoArray(t, t0 + ld);
    c11.intoArray(t, t0 + ld + L);
    c20.intoArray(t, t0 + 2 * ld);
    c21.intoArray(t, t0 + 2 * ld + L);
    c30.intoArray(t, t0 + 3 * ld);
    c31.intoArray(t, t0 + 3 * ld + L);
    c40.intoArray(t, t0 + 4 * ld);
    c41.intoArray(t, t0 + 4 * ld + L);
    c50.intoArray(t, t0 + 5 * ld);
    c51.intoArray(t, t0 + 5 * ld + L);
    return !direct;
  }

  /**
   * Adds to, or stores over, the mr x nr part of C that exists, from a tile of {@code rows} rows
   * spilled at t, through the epilogue: the end of every tile that a kernel spilled, run by the
   * kernel's caller.
   */
  static void addTile(float[] s, int t, float[] c, int c0, int ldc,
      int rows, int mr, int nr, boolean add, Epilogue epilogue, float[] e, int e0, int lde) {
    if (epilogue != Epilogue.NONE) {
      epilogueTile(s, t, c, c0, ldc, rows, mr, nr, add, epilogue, e, e0, lde);
      return;
    }
    if (mr < rows || nr < NR) {
      copyOut(s, t, c, c0, ldc, mr, nr, add);
      return;
    }
    for (int r = 0; r < rows; r++, t += NR, c0 += ldc) {
      FloatVector v0 = FloatVector.fromArray(S, s, t);
      FloatVector v1 = FloatVector.fromArray(S, s, t + L);
      if (add) {
        v0 = v0.add(FloatVector.fromArray(S, c, c0));
        v1 = v1.add(FloatVector.fromArray(S, c, c0 + L));
      }
      v0.intoArray(c, c0);
      v1.intoArray(c, c0 + L);
    }
  }

  /**
   * {@link #addTile} with an epilogue: each element's sum is finished (the tile, plus C when
   * {@code add}) before the epilogue's add and max, or compare and multiply, in the lanes of
   * the vectors for a whole tile and in plain Java for the part of an edge tile inside C; the
   * two give the same bits.
   */
  private static void epilogueTile(float[] s, int t, float[] c, int c0, int ldc,
      int rows, int mr, int nr, boolean add, Epilogue epilogue, float[] e, int e0, int lde) {
    if (mr < rows || nr < NR) {
      copyOut(s, t, c, c0, ldc, mr, nr, add);
      epilogue.apply(c, c0, ldc, mr, nr, e, e0, lde);
      return;
    }
    boolean mask = epilogue == Epilogue.MASK;
    boolean relu = epilogue == Epilogue.BIAS_RELU;
    for (int r = 0; r < rows; r++, t += NR, c0 += ldc, e0 += lde) {
      FloatVector v0 = FloatVector.fromArray(S, s, t);
      FloatVector v1 = FloatVector.fromArray(S, s, t + L);
      if (add) {
        v0 = v0.add(FloatVector.fromArray(S, c, c0));
        v1 = v1.add(FloatVector.fromArray(S, c, c0 + L));
      }
      FloatVector x0 = FloatVector.fromArray(S, e, e0);
      FloatVector x1 = FloatVector.fromArray(S, e, e0 + L);
      if (mask) {
        // Multiplied by 1 or 0, not selected, as the plain loop does: 0 times an infinite or
        // NaN gradient stays NaN.
        FloatVector zero = FloatVector.zero(S);
        v0 = v0.mul(zero.blend(1f, x0.compare(VectorOperators.GT, 0f)));
        v1 = v1.mul(zero.blend(1f, x1.compare(VectorOperators.GT, 0f)));
      } else {
        v0 = v0.add(x0);
        v1 = v1.add(x1);
        if (relu) {
          v0 = v0.max(0f);
          v1 = v1.max(0f);
        }
      }
      v0.intoArray(c, c0);
      v1.intoArray(c, c0 + L);
    }
  }

  private static void store(FloatVector v, float[] c, int off, boolean add) {
    (add ? v.add(FloatVector.fromArray(S, c, off)) : v).intoArray(c, off);
  }

  /** Adds to, or stores over, the mr x nr part of C that exists, from a tile spilled at t. */
  private static void copyOut(float[] s, int t, float[] c, int c0, int ldc,
      int mr, int nr, boolean add) {
    for (int r = 0; r < mr; r++) {
      int ci = c0 + r * ldc;
      int ti = t + r * NR;
      for (int j = 0; j < nr; j++) {
        c[ci + j] = add ? c[ci + j] + s[ti + j] : s[ti + j];
      }
    }
  }
}
