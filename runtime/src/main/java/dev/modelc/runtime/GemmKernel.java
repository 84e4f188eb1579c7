package dev.modelc.runtime;

/**
 * One implementation of the matrix products behind {@link Gemm}, which validates the arguments
 * before calling it; see {@link Gemm#sgemm} for the meaning of the parameters.
 *
 * <p>{@link GemmThreads} splits a large product into blocks of rows or columns of C, one per
 * thread. For the results not to depend on the number of threads, it splits only products for
 * which {@link #splits} holds, and computes each block with {@link #sgemmBlock} or
 * {@link #dgemmBlock}, which must compute every element of C with exactly the instructions that
 * {@link #sgemm} or {@link #dgemm} of the whole product would, the epilogue included.
 */
interface GemmKernel {

  /**
   * C = op(A)·op(B) (+ C), then {@code epilogue} with E at {@code e}, {@code eOff},
   * {@code lde} (see {@link Epilogue}); E must not overlap C.
   */
  void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde);

  /** The double twin of the epilogue's {@code sgemm}. */
  void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde);

  /** The product without an epilogue. */
  default void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        Epilogue.NONE, null, 0, 0);
  }

  /** The product without an epilogue. */
  default void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        Epilogue.NONE, null, 0, 0);
  }

  /**
   * Whether the product of these sizes, in either precision, goes down a path that computes each
   * element of C the same way whatever the size of the block of C being computed, so that it may
   * be computed in blocks by {@link #sgemmBlock} and {@link #dgemmBlock}. Paths chosen because
   * the product is small or has few rows are not such paths: a block of them would be computed
   * differently from the whole.
   */
  boolean splits(boolean transA, boolean transB, int m, int n, int k);

  /** Rows of C per micro-kernel tile: blocks of rows that start at its multiples add no tiles. */
  int tileRows();

  /** Columns of C per micro-kernel tile, in float or in double. */
  int tileColumns(boolean doubles);

  /**
   * Computes a block of rows or columns of a product for which {@link #splits} holds, on the path
   * {@link #sgemm} takes for the whole product, whatever the size of the block; E's offset is that
   * of the block's first element, as C's is.
   */
  void sgemmBlock(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde);

  /**
   * How many pieces of op(B) {@link #packShared} packs for a float product of these sizes, when
   * its blocks of rows can all read one packing of op(B) rather than each make its own; 0 when
   * they cannot.
   */
  default int sharedPanels(boolean transA, boolean transB, int m, int n, int k) {
    return 0;
  }

  /**
   * The floats that the shared packing of op(B) of a product m by n, k deep, takes, with what
   * its blocks of rows need beside it.
   */
  default int sharedSize(int m, int n, int k) {
    throw new UnsupportedOperationException();
  }

  /**
   * Packs pieces {@code from} to {@code to} of op(B) of a product for which {@link #sharedPanels}
   * is not 0 into {@code shared}; the pieces may be packed in any order, by any threads.
   */
  default void packShared(boolean transB, int n, int k, float[] b, int bOff, int ldb,
      float[] shared, int from, int to) {
    throw new UnsupportedOperationException();
  }

  /**
   * {@link #sgemmBlock} for the m rows from row {@code first} of a product of {@code rows} rows,
   * reading op(B) from {@code shared}, where {@link #packShared} has packed all of it: the same
   * instructions on the same values. The block may use the part of {@code shared} past op(B)
   * that belongs to its rows ({@link #sharedSize}).
   */
  default void sgemmBlockShared(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde, float[] shared, int rows, int first) {
    throw new UnsupportedOperationException();
  }

  /** The double twin of {@link #sgemmBlock}. */
  void dgemmBlock(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde);
}
