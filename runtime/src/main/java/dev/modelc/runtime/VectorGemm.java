package dev.modelc.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products on the Vector API, organized like BLIS: C is computed in blocks of rows and
 * columns (as many as fit the room of {@code MC x KC} and {@code KC x NC} at the slice depth),
 * with slices of A and B at most {@code KC} deep copied ("packed") into per-thread scratch, and
 * a register-blocked micro-kernel ({@link VectorGemmTiles}) computes {@code MR} rows
 * by two vectors of columns of C with fused multiply-adds. This class holds the float products;
 * {@link VectorDgemm} is their double twin.
 *
 * <p>Packing turns both layouts of op(B) into the same contiguous panels of {@code NR} columns,
 * row by row. The six-row kernels read A where it is, one kernel for A stored as rows and one for
 * A stored transposed ({@link VectorGemmTiles#tile6InRows}, {@link VectorGemmTiles#tile6InColumns});
 * the four-row kernel reads A packed in strips of four rows, column by column. When
 * {@link GemmThreads} splits a product into blocks of rows, the threads pack op(B) once, together
 * ({@link #packShared}), and each block reads it from there rather than packing all of it again.
 * {@link VectorGemmPacks} holds the packing loops. Partial panels and strips are padded with zeros
 * and the micro-kernel writes only the valid part of its tile, so odd sizes need no masked vector
 * operations (which are slow on CPUs without mask registers). Products with only a few rows (one
 * example at a time) skip packing and read B in place; products with B transposed and few rows
 * against their columns and depth are computed as their transpose, so that B is read in place
 * rather than copied transposed ({@link #computesTranspose}); tiny products go to
 * {@link PlainGemm}.
 *
 * <p>Vector API code makes every vector an object on the heap until C2 has compiled it, and C2
 * compiles a method only after thousands of calls, more while its queue is long. The micro-kernel
 * runs many times per product, so it is compiled within the first products; a method that runs
 * once per product would allocate through thousands of training steps. So packing and products
 * with fewer than {@code FEW} rows and B as stored are plain Java, whose loops do the arithmetic
 * of the vectors, in the same order, to the same bits. The dot products for a few rows of a
 * product with B transposed ({@link VectorGemmFew#dots}) keep the Vector API, for the speed of
 * predicting one example at a time, and allocate until C2 has compiled them.
 *
 * <p>An epilogue ({@link Epilogue}: a bias and relu, or a relu's mask) is applied once each sum
 * is complete: the tiles of the last KC slice are stored through it, spilled and finished by
 * {@link VectorGemmTiles}, and the few-row paths apply it to their rows of C once computed.
 *
 * <p>Only {@link Gemm} refers to this class, after checking that the incubator module is
 * present, so the runtime loads and runs on a JVM without it.
 */
final class VectorGemm implements GemmKernel {

  /**
   * Rows of C per micro-kernel call: six with 256-bit vectors, four otherwise (see
   * {@link VectorGemmTiles}). The double kernels use the same, so that {@link #tileRows} serves
   * both precisions: 256 bits hold four doubles as they hold eight floats.
   */
  static final int MR = FloatVector.SPECIES_PREFERRED.vectorBitSize() == 256 ? 6 : 4;
  /**
   * Products with fewer rows than this and B as stored skip packing ({@code rows}); with B
   * transposed, below twice this ({@code dots}).
   */
  static final int FEW = 4;
  /**
   * Greatest depth of a packed slice: a KC x NR panel of B (16 KiB of floats) stays in L1 while
   * the micro-kernel streams packed strips of A past it, and a strip of six rows of A read in
   * place (6 KiB) while the panels pass it; deeper slices store each tile of C fewer times.
   */
  static final int KC = Math.min(256, 2048 / FloatVector.SPECIES_PREFERRED.length());
  /**
   * Rows of A packed (or, read in place, taken) at once for KC-deep slices, whole strips: an
   * MC x KC block (at most 128 KiB) stays in L2. Shallower slices take more rows in as much room
   * ({@link #blockRows}).
   */
  static final int MC = 128 / MR * MR;
  /**
   * Columns of B packed at once for KC-deep slices: a KC x NC block of B (256 KiB of floats)
   * stays in L2. Shallower slices pack more columns in as much room ({@link #blockColumns}).
   */
  static final int NC = 65536 / KC;
  /**
   * Whether A is read where it is rather than packed: by the six-row kernels, stored as rows by
   * {@link VectorGemmTiles#tile6InRows}, stored transposed by {@link VectorGemmTiles#tile6InColumns},
   * at the packed kernel's rate, so packing would only add a copy. Measured on Zen (AVX2), the
   * 784-256-128-10 train step at batch 128 took 4.76 to 4.93 ms with A stored as rows read in
   * place against 5.28 to 5.38 with it packed wherever C was wider than four panels, and then
   * 4.73 to 5.03 against 5.04 to 5.34 with a transposed A read in place too (alternating JVMs).
   * The four-row kernel reads A packed.
   */
  static final boolean A_IN_PLACE = MR == 6;
  /** Below this many multiply-adds, call overhead dominates and the plain loops do as well. */
  static final long SMALL = 512;

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector. */
  private static final int L = S.length();
  /** Columns of C per micro-kernel call: two vectors. */
  static final int NR = 2 * L;
  /** Scratch layout: packed B, then packed A, then one spilled tile of C. */
  private static final int A_PACK = KC * roundUp(NC, NR);
  private static final int TILE = A_PACK + MC * KC;
  /**
   * Up to this many columns of C (four panels) a product is narrow: its op(A) serves few tiles, so
   * blocks of rows on several threads do not share a packing of op(B), and a product with B
   * transposed is not computed as its transpose into fewer columns ({@link #computesTranspose}).
   */
  static final int NARROW_COLUMNS = 4 * NR;
  private static final ThreadLocal<float[]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[TILE + MR * NR]);

  /** Whether the preferred vectors are wide enough (four floats) for this class to pay off. */
  static boolean worthwhile() {
    return L >= 4;
  }

  static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    VectorDgemm.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
        accumulate, epilogue, e, eOff, lde);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    boolean dots = transB && !transA && m < 2 * FEW;
    // A plain dot product is one chain of dependent additions: a few rows times B transposed take
    // the vector dot products from the depth of one vector, however small the product.
    if (k == 0 || ((long) m * n * k < SMALL && !(dots && k >= L))) {
      PlainGemm.INSTANCE.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb,
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
      VectorGemmFew.rows(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, accumulate);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    if (dots) {
      VectorGemmFew.dots(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      epilogue.apply(c, cOff, ldc, m, n, e, eOff, lde);
      return;
    }
    packedProduct(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        epilogue, e, eOff, lde);
  }

  /**
   * The packed path of {@link #sgemm}, directly or as the transpose ({@link #computesTranspose}).
   * A method of its own so that sgemm stays small enough for C2 to inline into its callers: the
   * products of small models are mostly call.
   */
  private static void packedProduct(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    if (computesTranspose(transB, m, n, k, accumulate, NARROW_COLUMNS)) {
      // Cᵀ = B·op(A)ᵀ into scratch: B, stored n x k, is read in place as the transpose's A, and
      // op(A)ᵀ is packed as its B (transposed when A is stored m x k).
      float[] t = TransposedC.floats(n * m);
      packed(n, m, k, b, bOff, ldb, 1, !transA, a, aOff, lda, t, 0, m, false,
          Epilogue.NONE, null, 0, 0, null, 0, 0);
      TransposedC.copy(t, m, n, c, cOff, ldc, epilogue, e, eOff, lde);
      return;
    }
    packed(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1, transB, b, bOff, ldb,
        c, cOff, ldc, accumulate, epilogue, e, eOff, lde, null, 0, 0);
  }

  /**
   * Whether {@link #sgemm} computes a product on the packed path as its transpose. With B
   * transposed (a layer's X·Wᵀ, W stored one row per output) the packed path reads X in place and
   * copies op(B) = Wᵀ into panels, one scalar store per element of W, n·k of them; Cᵀ = W·Xᵀ
   * reads W in place and copies X instead, m·k, then Cᵀ into C through the epilogue, m·n
   * ({@link TransposedC}). That pays when m is small against both n and k, and no more than
   * {@code narrowColumns} (Cᵀ's m columns fill the kernel's panels; a last one mostly padding
   * costs more than the copies save). Measured on Zen (AVX2), each against the direct path:
   * 16 x 256 x 784 0.58, 32 x 256 x 784 0.74, 64 x 72 x 784 0.90, 64 x 256 x 784 0.95; left
   * direct, 60 x 64 x 784 1.16, 64 x 128 x 256 1.07, 40 x 512 x 100 1.31, 100 x 400 x 400 1.13,
   * and 128 x 256 x 784 0.96 alone but 1.03 to 1.05 of the step it is in (benchmarks/README.md,
   * TransposedProducts). Each element is the sum of the same products in the order of p, sliced
   * by the same depth, then the same epilogue: the bits do not change. A product that adds to C
   * stays direct, where C's old value comes first in each sum, and so does one whose Cᵀ would not
   * fit the {@link #TRANSPOSED_MAX} elements of scratch a thread may keep for it.
   */
  static boolean computesTranspose(boolean transB, int m, int n, int k, boolean accumulate,
      int narrowColumns) {
    return MR == 6 && transB && !accumulate && m < n && m <= narrowColumns
        && n > narrowColumns && k >= 8 * m && (long) m * n <= TRANSPOSED_MAX;
  }

  /**
   * The largest Cᵀ, in elements, of a product computed as its transpose: each thread keeps
   * scratch as large as its largest one (4 MiB of floats, 8 of doubles; a batch of 64 through
   * 16,384 outputs).
   */
  static final int TRANSPOSED_MAX = 1 << 20;

  /**
   * Whether {@link #sgemm} and {@link VectorDgemm#dgemm} take the packed path for this shape:
   * the conditions under which the tests above fall through to it.
   */
  static boolean packs(boolean transA, boolean transB, int m, int n, int k) {
    return k > 0 && (long) m * n * k >= SMALL && (transB ? transA || m >= 2 * FEW : m >= FEW);
  }

  /**
   * The depth of the packed slices of a product of depth k: k split into as few slices as KC
   * allows, all about as deep. A shallow last slice would cost a pass over the tiles of C for
   * little arithmetic (a depth of 784 in slices of 128 leaves one of 16). It depends on k alone,
   * so the order of every sum does too.
   */
  static int sliceDepth(int k) {
    int slices = (k + KC - 1) / KC;
    return (k + slices - 1) / slices;
  }

  /**
   * Rows of A packed at once for slices {@code depth} deep: as many whole strips as fill the
   * room of an MC x KC block. A product of 128 rows in slices 196 deep packs them in one block
   * rather than 126 and 2, and the panels of B are read once.
   */
  static int blockRows(int depth) {
    return Math.max(MR, MC * KC / depth / MR * MR);
  }

  /**
   * Columns of B packed at once for slices {@code depth} deep, in panels {@code nr} wide: as many
   * as fill the room of a KC x NC block. A weight gradient of 784 columns in slices 128 deep
   * packs them in two blocks rather than four, so its A is packed half as often.
   */
  static int blockColumns(int depth, int nr) {
    return Math.max(nr, KC * NC / depth / nr * nr);
  }

  @Override
  public boolean splits(boolean transA, boolean transB, int m, int n, int k) {
    // On the packed path an element of C is a sum of slices sliceDepth(k) deep, each accumulated
    // by one lane of the micro-kernel with fused multiply-adds in the order of p, whichever tile,
    // panel or block it falls in: the result depends on k and on nothing else about the shape.
    return packs(transA, transB, m, n, k);
  }

  @Override
  public int tileRows() {
    return MR;
  }

  @Override
  public int tileColumns(boolean doubles) {
    return doubles ? VectorDgemm.tileColumns() : NR;
  }

  @Override
  public void sgemmBlock(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    packed(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1, transB, b, bOff, ldb,
        c, cOff, ldc, accumulate, epilogue, e, eOff, lde, null, 0, 0);
  }

  @Override
  public int sharedPanels(boolean transA, boolean transB, int m, int n, int k) {
    // Every block of rows would pack all of op(B) again; with A read in place there is little
    // else to each block, and those products are small.
    return packs(transA, transB, m, n, k) && !(MR == 6 && n <= NARROW_COLUMNS)
        ? (n + NR - 1) / NR * ((k + sliceDepth(k) - 1) / sliceDepth(k)) : 0;
  }

  /**
   * op(B) packed whole, then room for each block of rows to pack its A (KC per row) and spill a
   * tile (NR per row), at its first row: blocks start at multiples of MR.
   */
  @Override
  public int sharedSize(int m, int n, int k) {
    return VectorGemmPacks.sharedB(n, k) + roundUp(m, MR) * (KC + NR);
  }

  @Override
  public void packShared(boolean transB, int n, int k, float[] b, int bOff, int ldb,
      float[] shared, int from, int to) {
    VectorGemmPacks.sharedPanels(transB, n, k, b, bOff, ldb, shared, from, to);
  }

  @Override
  public void sgemmBlockShared(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde, float[] shared, int rows, int first) {
    packed(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1, transB, b, bOff, ldb,
        c, cOff, ldc, accumulate, epilogue, e, eOff, lde, shared, rows, first);
  }

  @Override
  public void dgemmBlock(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    VectorDgemm.packed(m, n, k, a, aOff, transA ? 1 : lda, transA ? lda : 1, transB,
        b, bOff, ldb, c, cOff, ldc, accumulate, epilogue, e, eOff, lde);
  }

  /**
   * The packed path: C in MC x NC blocks, with KC-deep slices of op(A) and op(B) packed into
   * this thread's scratch and multiplied by the micro-kernel. A(i, p) is
   * {@code a[aOff + i * ars + p * acs]}. With {@code shared} not null, op(B) is already packed
   * there ({@link VectorGemmPacks#sharedPanels}) for all the blocks of rows of a product of {@code rows} rows, and
   * this block, which starts at row {@code first}, packs its A and spills its tiles into a part of
   * it of its own: the micro-kernel reads A and B from one array.
   */
  private static void packed(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      boolean transB, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
      boolean accumulate, Epilogue epilogue, float[] e, int eOff, int lde,
      float[] shared, int rows, int first) {
    float[] s = shared == null ? SCRATCH.get() : shared;
    int aBase = A_PACK;
    int spill = TILE;
    if (shared != null) {
      int panels = VectorGemmPacks.sharedB(n, k);
      aBase = panels + first * KC;
      spill = panels + roundUp(rows, MR) * KC + first * NR;
    }
    int depth = sliceDepth(k);
    int blockRows = blockRows(depth);
    int blockColumns = blockColumns(depth, NR);
    for (int j0 = 0; j0 < n; j0 += blockColumns) {
      int nc = Math.min(blockColumns, n - j0);
      for (int p0 = 0; p0 < k; p0 += depth) {
        int kc = Math.min(depth, k - p0);
        boolean add = accumulate || p0 > 0; // later slices add to what earlier ones wrote
        // The last slice finishes the sums, so its tiles are stored through the epilogue.
        Epilogue epi = p0 + kc == k ? epilogue : Epilogue.NONE;
        int b0 = 0;
        if (shared == null) {
          VectorGemmPacks.packB(transB, b, bOff, ldb, p0, kc, j0, nc, s, 0);
        } else {
          b0 = VectorGemmPacks.sharedBlock(j0, p0, nc, k);
        }
        for (int i0 = 0; i0 < m; i0 += blockRows) {
          int mc = Math.min(blockRows, m - i0);
          if (!A_IN_PLACE) {
            VectorGemmPacks.packA(a, aOff + i0 * ars + p0 * acs, ars, acs, mc, kc, s, aBase);
          }
          int strips = (mc + MR - 1) / MR;
          int panels = (nc + NR - 1) / NR;
          for (int tile = 0; tile < strips * panels; tile++) {
            // Packed, the strips of A pass a panel of B, which stays in L1; in place, the panels
            // pass a strip, so that its six rows are read from memory once, not once per panel.
            int ir = (A_IN_PLACE ? tile / panels : tile % strips) * MR;
            int jr = (A_IN_PLACE ? tile % panels : tile / strips) * NR;
            int mr = Math.min(MR, mc - ir);
            int nr = Math.min(NR, nc - jr);
            int c0 = cOff + (i0 + ir) * ldc + j0 + jr;
            // A whole tile with no epilogue goes straight into C; any other is spilled by the
            // kernel and finished here (see VectorGemmTiles on why the kernel does not).
            boolean whole = mr == MR && nr == NR && epi == Epilogue.NONE;
            int ar = aOff + (i0 + ir) * ars + p0 * acs;
            boolean spilled;
            if (!A_IN_PLACE) {
              spilled = VectorGemmTiles.tile4(s, aBase + ir * kc, b0 + jr * kc, kc,
                  c, c0, ldc, whole, add, spill);
            } else if (acs == 1) {
              spilled = VectorGemmTiles.tile6InRows(a, ar, ars, s, b0 + jr * kc, kc,
                  c, c0, ldc, mr, whole && !add, spill);
            } else if (mr == MR) {
              // A stored transposed (ars == 1).
              spilled = VectorGemmTiles.tile6InColumns(a, ar, acs, s, b0 + jr * kc, kc,
                  c, c0, ldc, whole && !add, spill);
            } else {
              // Its last strip of fewer rows, copied as rows where packed A would go, once for
              // all the panels that pass it.
              int copy = aBase + ir * kc;
              if (jr == 0) {
                VectorGemmPacks.stripAsRows(a, ar, acs, mr, kc, s, copy);
              }
              spilled = VectorGemmTiles.tile6InRows(s, copy, kc, s, b0 + jr * kc, kc,
                  c, c0, ldc, mr, whole && !add, spill);
            }
            if (spilled) {
              VectorGemmTiles.addTile(s, spill, c, c0, ldc, MR, mr, nr, add, epi,
                  e, eOff + (i0 + ir) * lde + j0 + jr, lde);
            }
          }
        }
      }
    }
  }
}
