package dev.modelc.runtime;

/**
 * The first job of a float product whose blocks of rows share one packing of op(B)
 * ({@link GemmKernel#sharedPanels}): the pool's threads pack its pieces into the pool's buffer,
 * each the pieces of the blocks it takes, before any block of rows is computed. One instance
 * serves every product of the pool, rewritten by the caller that holds it.
 */
final class GemmSharedPack implements RangeTask {
  private GemmKernel kernel;
  private boolean transB;
  private int n;
  private int k;
  private float[] b;
  private int bOff;
  private int ldb;
  private float[] shared;

  void set(GemmKernel kernel, boolean transB, int n, int k, float[] b, int bOff, int ldb,
      float[] shared) {
    this.kernel = kernel;
    this.transB = transB;
    this.n = n;
    this.k = k;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
    this.shared = shared;
  }

  /** Drops the arrays, so the pool keeps none of a caller's arrays alive. */
  void clear() {
    kernel = null;
    b = null;
    shared = null;
  }

  @Override
  public void run(int from, int to) {
    kernel.packShared(transB, n, k, b, bOff, ldb, shared, from, to);
  }
}
