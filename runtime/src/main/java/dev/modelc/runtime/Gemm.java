package dev.modelc.runtime;

/**
 * General matrix multiplication on row-major arrays, C = op(A)·op(B) (+ C), in float and double:
 * the kernel behind dense layers and their gradients; with an epilogue applied to each element of
 * C once its sum is complete, a dense layer's bias and relu ({@link #sgemmBias}) or the relu's
 * derivative in the backward pass ({@link #sgemmMask}), so they cost no pass of their own.
 *
 * <p>op(A) is m x k: without {@code transA}, A is stored m x k and element (i, p) is
 * {@code a[aOff + i * lda + p]}; with it, A is stored k x m and (i, p) is
 * {@code a[aOff + p * lda + i]}. op(B) is k x n, stored k x n or, with {@code transB}, n x k.
 * C is m x n with (i, j) at {@code c[cOff + i * ldc + j]}; when {@code accumulate} is false its
 * old contents are ignored (even NaN), as BLAS does with beta = 0. C must not overlap A or B.
 *
 * <p>The implementation is chosen once: the Vector API kernels when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} and the system property {@code modelc.vector} is not
 * {@code false}, plain Java loops otherwise. Both are safe to call from several threads at once
 * and allocate nothing once each thread has warmed up.
 *
 * <p>A product large enough to pay is split across up to {@link #threads()} threads: the calling
 * thread and daemon threads of a pool created on first use ({@link GemmThreads}). The split never
 * changes the instructions that compute an element of C, so results are bit-for-bit the same for
 * every thread count. The system property {@code modelc.threads}, read once, sets the count (1:
 * single-threaded); it defaults to {@link Runtime#availableProcessors()}, as does a value that is
 * not a whole number from 1 up. While one thread's product runs on the pool, products that other
 * threads start at the same time run single-threaded.
 */
public final class Gemm {

  private static final GemmKernel KERNEL = choose();
  private static final boolean VECTORIZED = KERNEL != PlainGemm.INSTANCE;
  private static final int THREADS = GemmThreads.parseThreads(
      System.getProperty(Messages.threadsProperty()), Runtime.getRuntime().availableProcessors());

  private Gemm() {}

  private static GemmKernel choose() {
    if (vectorModulePresent() && !"false".equalsIgnoreCase(System.getProperty("modelc.vector"))
        && VectorGemm.worthwhile()) {
      // VectorGemm is first referenced here, after the module check, so a JVM without the
      // incubator module never loads it.
      return new VectorGemm();
    }
    return PlainGemm.INSTANCE;
  }

  private static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** Whether products run on the Vector API rather than on plain Java loops. */
  public static boolean vectorized() {
    return VECTORIZED;
  }

  /** How many threads a large product may use, the calling thread included. */
  public static int threads() {
    return THREADS;
  }

  /** The plain Java implementation, for tests. */
  static GemmKernel plain() {
    return PlainGemm.INSTANCE;
  }

  /** The Vector API implementation, for tests; only call it when the module is present. */
  static GemmKernel vector() {
    if (!vectorModulePresent()) {
      throw new IllegalStateException(Messages.noVectorModule());
    }
    return new VectorGemm();
  }

  /** C[m x n] = op(A)[m x k] · op(B)[k x n], plus C's old value when {@code accumulate}. */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    GemmThreads.sgemm(KERNEL, THREADS, GemmThreads.MIN_PART_FLOPS,
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        Epilogue.NONE, null, 0, 0);
  }

  /**
   * C[m x n] = op(A)·op(B) + bias, the n values of bias at {@code biasOff} added to every row,
   * then max(·, 0) when {@code relu}: a dense layer in one pass over C, with the bits of the
   * product followed by {@code c = Math.max(c + bias[j], 0)}. Bias must not overlap C.
   */
  public static void sgemmBias(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
    check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    checkMatrix("bias", m == 0 ? 0 : 1, n, bias.length, biasOff, Math.max(1, n));
    GemmThreads.sgemm(KERNEL, THREADS, GemmThreads.MIN_PART_FLOPS,
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false,
        relu ? Epilogue.BIAS_RELU : Epilogue.BIAS, bias, biasOff, 0);
  }

  /**
   * C[m x n] = op(A)·op(B) ⊙ [mask &gt; 0], mask an m x n matrix at {@code maskOff} with leading
   * dimension {@code ldm}: the gradient through a relu whose output is the mask, with the bits
   * of the product followed by {@code c = c * (mask > 0 ? 1 : 0)}. Mask must not overlap C.
   */
  public static void sgemmMask(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, float[] mask, int maskOff, int ldm) {
    check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    checkMatrix("mask", m, n, mask.length, maskOff, ldm);
    GemmThreads.sgemm(KERNEL, THREADS, GemmThreads.MIN_PART_FLOPS,
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false,
        Epilogue.MASK, mask, maskOff, ldm);
  }

  /** C[m x n] = op(A)[m x k] · op(B)[k x n], plus C's old value when {@code accumulate}. */
  public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate) {
    check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    GemmThreads.dgemm(KERNEL, THREADS, GemmThreads.MIN_PART_FLOPS,
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate,
        Epilogue.NONE, null, 0, 0);
  }

  /**
   * C[m x n] = op(A)·op(B) + bias, the n values of bias at {@code biasOff} added to every row,
   * then max(·, 0) when {@code relu}: a dense layer in one pass over C, with the bits of the
   * product followed by {@code c = Math.max(c + bias[j], 0)}. Bias must not overlap C.
   */
  public static void dgemmBias(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, double[] bias, int biasOff, boolean relu) {
    check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    checkMatrix("bias", m == 0 ? 0 : 1, n, bias.length, biasOff, Math.max(1, n));
    GemmThreads.dgemm(KERNEL, THREADS, GemmThreads.MIN_PART_FLOPS,
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false,
        relu ? Epilogue.BIAS_RELU : Epilogue.BIAS, bias, biasOff, 0);
  }

  /**
   * C[m x n] = op(A)·op(B) ⊙ [mask &gt; 0], mask an m x n matrix at {@code maskOff} with leading
   * dimension {@code ldm}: the gradient through a relu whose output is the mask, with the bits
   * of the product followed by {@code c = c * (mask > 0 ? 1 : 0)}. Mask must not overlap C.
   */
  public static void dgemmMask(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, double[] mask, int maskOff, int ldm) {
    check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    checkMatrix("mask", m, n, mask.length, maskOff, ldm);
    GemmThreads.dgemm(KERNEL, THREADS, GemmThreads.MIN_PART_FLOPS,
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false,
        Epilogue.MASK, mask, maskOff, ldm);
  }

  /**
   * Checks the sizes, and that every element the product touches lies inside its array. The
   * messages are in {@link Messages}, so that a check allocates nothing.
   */
  static void check(boolean transA, boolean transB, int m, int n, int k,
      int aLength, int aOff, int lda, int bLength, int bOff, int ldb,
      int cLength, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(Messages.negativeSize(m, n, k));
    }
    checkMatrix("A", transA ? k : m, transA ? m : k, aLength, aOff, lda);
    checkMatrix("B", transB ? n : k, transB ? k : n, bLength, bOff, ldb);
    checkMatrix("C", m, n, cLength, cOff, ldc);
  }

  private static void checkMatrix(String name, int rows, int cols, int length, int off, int ld) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(Messages.leadingDimension(name, ld, cols));
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = (long) off + (long) (rows - 1) * ld + cols; // one past the last element
    if (off < 0 || last > length) {
      throw new IndexOutOfBoundsException(
          Messages.matrixOutside(name, rows, cols, off, ld, length));
    }
  }
}
