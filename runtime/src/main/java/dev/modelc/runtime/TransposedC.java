package dev.modelc.runtime;

/**
 * Scratch for the products that {@link VectorGemm} and {@link VectorDgemm} compute as their
 * transpose ({@link VectorGemm#computesTranspose}), and the copy of that transpose into C through
 * the epilogue. Plain Java, for any vector size. A thread's scratch grows to the largest product
 * it has computed this way and is kept, so a warm product allocates nothing.
 */
final class TransposedC {

  private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);
  private static final ThreadLocal<double[]> DOUBLES =
      ThreadLocal.withInitial(() -> new double[0]);

  /** Rows of C written per pass over Cᵀ: each line of Cᵀ read then serves this many. */
  private static final int ROWS = 8;

  private TransposedC() {}

  /** This thread's float scratch, at least {@code size} long. */
  static float[] floats(int size) {
    float[] t = FLOATS.get();
    if (t.length < size) {
      t = new float[size];
      FLOATS.set(t);
    }
    return t;
  }

  /** This thread's double scratch, at least {@code size} long. */
  static double[] doubles(int size) {
    double[] t = DOUBLES.get();
    if (t.length < size) {
      t = new double[size];
      DOUBLES.set(t);
    }
    return t;
  }

  /**
   * C (m x n at cOff) = the epilogue of Cᵀ, stored n x m from the start of t: element (i, j) of C
   * is {@code t[j * m + i]}, finished with E's element (i, j) as {@link Epilogue#apply} does it.
   */
  static void copy(float[] t, int m, int n, float[] c, int cOff, int ldc,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    for (int i0 = 0; i0 < m; i0 += ROWS) {
      int rows = Math.min(ROWS, m - i0);
      for (int j = 0; j < n; j++) {
        int src = j * m + i0;
        int dst = cOff + i0 * ldc + j;
        int ei = eOff + i0 * lde + j;
        for (int i = 0; i < rows; i++) {
          float sum = t[src + i];
          c[dst + i * ldc] = epilogue == Epilogue.NONE ? sum : epilogue.apply(sum, e[ei + i * lde]);
        }
      }
    }
  }

  /** The double twin of {@link #copy(float[], int, int, float[], int, int, Epilogue, float[], int, int)}. */
  static void copy(double[] t, int m, int n, double[] c, int cOff, int ldc,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    for (int i0 = 0; i0 < m; i0 += ROWS) {
      int rows = Math.min(ROWS, m - i0);
      for (int j = 0; j < n; j++) {
        int src = j * m + i0;
        int dst = cOff + i0 * ldc + j;
        int ei = eOff + i0 * lde + j;
        for (int i = 0; i < rows; i++) {
          double sum = t[src + i];
          c[dst + i * ldc] = epilogue == Epilogue.NONE ? sum : epilogue.apply(sum, e[ei + i * lde]);
        }
      }
    }
  }
}
