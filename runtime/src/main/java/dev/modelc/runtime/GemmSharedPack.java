package dev.modelc.runtime;

/**
 * The first job of a float product whose blocks of rows share one packing of op(B)
 * ({@link GemmKernel#sharedPanels}): the pool's threads pack its pieces into the pool's buffer,
 * each the pieces of the blocks it takes, before any block of rows is computed. One instance
 * serves every product of the pool, rewritten by the caller that holds it, and keeps the buffer.
 */
final class GemmSharedPack implements RangeTask {
  /**
   * Most floats the pool keeps for a shared packing of B (16 MiB): the buffer stays as large as
   * the largest op(B) it has served, for the life of the JVM, so a product whose op(B) is larger
   * than this has each block pack its own rather than have the pool keep a copy of it.
   */
  static final int MAX_SHARED = 1 << 22;

  private GemmKernel kernel;
  private boolean transB;
  private int n;
  private int k;
  private float[] b;
  private int bOff;
  private int ldb;
  /** Where the packing goes: grown to the largest product packed so far. */
  private float[] shared = new float[0];

  /**
   * Sets the product whose op(B), {@code size} floats with what its blocks need beside it, the
   * next run packs, growing the buffer first (which may throw, with nothing else changed).
   */
  void set(GemmKernel kernel, boolean transB, int n, int k, float[] b, int bOff, int ldb,
      int size) {
    if (shared.length < size) {
      shared = new float[size];
    }
    this.kernel = kernel;
    this.transB = transB;
    this.n = n;
    this.k = k;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
  }

  /** The packing, once the pieces have run: the buffer that {@link #set} grew. */
  float[] packed() {
    return shared;
  }

  /** Drops the caller's arrays, so the pool keeps none of them alive; the buffer stays. */
  void clear() {
    kernel = null;
    b = null;
  }

  @Override
  public void run(int from, int to) {
    kernel.packShared(transB, n, k, b, bOff, ldb, shared, from, to);
  }
}
