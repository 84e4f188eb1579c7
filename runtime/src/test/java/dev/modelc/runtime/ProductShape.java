package dev.modelc.runtime;

/**
 * The shape of a test product and where its matrices sit in their arrays: random offsets and
 * leading dimensions a little larger than the matrices, so that a kernel that ignores either
 * reads or writes the wrong elements. {@link GemmTest} and {@link SplitProduct} fill it in.
 */
abstract class ProductShape {
  final boolean transA;
  final boolean transB;
  final int m;
  final int n;
  final int k;
  final int aOff;
  final int lda;
  final int bOff;
  final int ldb;
  final int cOff;
  final int ldc;

  ProductShape(boolean transA, boolean transB, int m, int n, int k, Rng rng) {
    this.transA = transA;
    this.transB = transB;
    this.m = m;
    this.n = n;
    this.k = k;
    aOff = rng.nextInt(4);
    lda = (transA ? m : k) + rng.nextInt(3);
    bOff = rng.nextInt(4);
    ldb = (transB ? k : n) + rng.nextInt(3);
    cOff = rng.nextInt(4);
    ldc = n + rng.nextInt(3);
  }

  @Override
  public String toString() {
    return String.format("transA=%b transB=%b m=%d n=%d k=%d aOff=%d lda=%d bOff=%d ldb=%d"
        + " cOff=%d ldc=%d", transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc);
  }
}
