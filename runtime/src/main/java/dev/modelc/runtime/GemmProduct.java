package dev.modelc.runtime;

/**
 * The product that {@link GemmThreads} is running, as its threads read it: the kernel, the
 * operands, C and the epilogue, and how C is cut into blocks, each block a range of its rows or
 * columns ({@link #run}). One instance serves every product
 * of the pool, rewritten by the caller that holds the pool before it publishes the product, so
 * that running a product allocates nothing; the fields do not change until every block is done.
 */
final class GemmProduct implements RangeTask {

  /**
   * C is split into blocks of columns rather than of rows when it has at least this many times
   * as many columns as rows. Measured on a 2-core AMD EPYC (Zen 4) with the Vector API: blocks
   * of rows did better on square products and on those up to about twice as wide as tall
   * (128 x 256 x 784, 256 x 512 x 128: 1.7x to 1.9x
   * against 1.4x to 1.8x), blocks of columns from three times as wide (256 x 784 x 128,
   * 128 x 784 x 256, 32 x 1024 x 256: 1.6x to 1.9x against 1.35x to 1.7x), when every block
   * packed its own copy of the operand the blocks share, op(B) for rows and op(A) for columns.
   * Blocks of columns still do; blocks of rows of a float product on the Vector API now read one
   * packing of op(B) that the threads make together ({@link GemmThreads}), which favours rows
   * further.
   */
  private static final int WIDE = 3;

  /**
   * Whether to split C into blocks of rows rather than of columns, for {@code parts} threads:
   * rows unless C is at least {@link #WIDE} times as wide as tall, or has fewer row tiles than
   * threads while the columns have more.
   */
  static boolean byRows(int m, int n, int rowTile, int columnTile, int parts) {
    int rowTiles = (m + rowTile - 1) / rowTile;
    int columnTiles = (n + columnTile - 1) / columnTile;
    boolean rows = n < (long) WIDE * m;
    if (rows ? rowTiles < parts && columnTiles > rowTiles
        : columnTiles < parts && rowTiles > columnTiles) {
      rows = !rows;
    }
    return rows;
  }

  private GemmKernel kernel;
  private boolean doubles;
  private boolean byRows;
  private boolean transA;
  private boolean transB;
  private int m;
  private int n;
  private int k;
  private float[] fa;
  private float[] fb;
  private float[] fc;
  private float[] fe;
  private double[] da;
  private double[] db;
  private double[] dc;
  private double[] de;
  private int aOff;
  private int lda;
  private int bOff;
  private int ldb;
  private int cOff;
  private int ldc;
  private boolean accumulate;
  private Epilogue epilogue;
  private int eOff;
  private int lde;
  /** op(B) packed for all blocks of rows of a float product, or null: each block packs its own. */
  private float[] shared;

  /** Sets the float arrays of the next product: A, B, C and E (null without an epilogue). */
  void floats(float[] a, float[] b, float[] c, float[] e) {
    fa = a;
    fb = b;
    fc = c;
    fe = e;
  }

  /** The double twin of {@link #floats}. */
  void doubles(double[] a, double[] b, double[] c, double[] e) {
    da = a;
    db = b;
    dc = c;
    de = e;
  }

  /** Sets the rest of the next product; {@code byRows} says whether blocks are rows of C. */
  void set(GemmKernel kernel, boolean doubles, boolean byRows, boolean transA, boolean transB,
      int m, int n, int k, int aOff, int lda, int bOff, int ldb, int cOff, int ldc,
      boolean accumulate, Epilogue epilogue, int eOff, int lde) {
    this.kernel = kernel;
    this.doubles = doubles;
    this.byRows = byRows;
    this.transA = transA;
    this.transB = transB;
    this.m = m;
    this.n = n;
    this.k = k;
    this.aOff = aOff;
    this.lda = lda;
    this.bOff = bOff;
    this.ldb = ldb;
    this.cOff = cOff;
    this.ldc = ldc;
    this.accumulate = accumulate;
    this.epilogue = epilogue;
    this.eOff = eOff;
    this.lde = lde;
  }

  /** Has the blocks of rows read op(B) from {@code packed}, packed there for all of them. */
  void shared(float[] packed) {
    shared = packed;
  }

  /** Drops the arrays, so the pool keeps none of a caller's arrays alive. */
  void clear() {
    shared = null;
    floats(null, null, null, null);
    doubles(null, null, null, null);
    kernel = null;
  }

  /** The rows of C, or its columns, that blocks cut. */
  int extent() {
    return byRows ? m : n;
  }

  /**
   * Computes rows {@code from} to {@code to} of C, or those columns, with the epilogue applied to
   * them: the block's A (for rows) or B (for columns), C and E start that many rows or columns in.
   */
  @Override
  public void run(int from, int to) {
    int rows = m;
    int columns = n;
    int a0 = aOff;
    int b0 = bOff;
    int c0 = cOff;
    int e0 = eOff;
    if (byRows) {
      rows = to - from;
      a0 += transA ? from : from * lda;
      c0 += from * ldc;
      e0 += from * lde;
    } else {
      columns = to - from;
      b0 += transB ? from * ldb : from;
      c0 += from;
      e0 += from;
    }
    if (doubles) {
      kernel.dgemmBlock(transA, transB, rows, columns, k, da, a0, lda, db, b0, ldb,
          dc, c0, ldc, accumulate, epilogue, de, e0, lde);
    } else if (shared != null) {
      kernel.sgemmBlockShared(transA, transB, rows, columns, k, fa, a0, lda, fb, b0, ldb,
          fc, c0, ldc, accumulate, epilogue, fe, e0, lde, shared, m, from);
    } else {
      kernel.sgemmBlock(transA, transB, rows, columns, k, fa, a0, lda, fb, b0, ldb,
          fc, c0, ldc, accumulate, epilogue, fe, e0, lde);
    }
  }
}
