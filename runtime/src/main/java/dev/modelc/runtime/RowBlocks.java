package dev.modelc.runtime;

/**
 * Per-thread scratch of separate row arrays, for the plain-Java product loops.
 *
 * <p>C2 (JDK 17) compiles a loop over arrays to SIMD instructions only when every array index
 * in it has the same loop-invariant part: {@code c[ci + j] += x * b[bp + j]} runs as scalar
 * code (about 2 GFLOP/s on a Zen core), {@code acc[j] += x * row[j]} as vectors (12 to 15), and
 * so do loops of {@link Math#fma}. Its superword pass cannot tell two references with different
 * invariants apart from overlapping ones in the same array, and gives up. So the plain loops copy
 * a block of B into arrays of its own, one per row, accumulate rows of C in arrays of their own,
 * and index every one of them from 0.
 *
 * <p>The arrays grow to the largest block a thread has needed and are then reused, so a warm
 * product allocates nothing. A thread runs one product at a time, and a product takes its rows
 * once, so the callers share them.
 */
final class RowBlocks {
  private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[0][]);
  private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[0][]);

  private RowBlocks() {}

  /** This thread's rows: at least {@code rows} arrays, each at least {@code length} long. */
  static float[][] floats(int rows, int length) {
    float[][] s = FLOATS.get();
    int width = s.length > 0 ? s[0].length : 0;
    if (s.length < rows || width < length) {
      s = new float[Math.max(rows, s.length)][Math.max(length, width)];
      FLOATS.set(s);
    }
    return s;
  }

  /**
   * Copies rows p0..p0+count of the row-major matrix at b (rows ldb apart), columns j0..j0+w,
   * into rows first.. of s.
   */
  static void copyRows(float[] b, int bOff, int ldb, int p0, int count, int j0, int w, float[][] s,
      int first) {
    for (int p = 0; p < count; p++) {
      System.arraycopy(b, bOff + (p0 + p) * ldb + j0, s[first + p], 0, w);
    }
  }

  /** The double twin of {@link #floats}. */
  static double[][] doubles(int rows, int length) {
    double[][] s = DOUBLES.get();
    int width = s.length > 0 ? s[0].length : 0;
    if (s.length < rows || width < length) {
      s = new double[Math.max(rows, s.length)][Math.max(length, width)];
      DOUBLES.set(s);
    }
    return s;
  }

  /** The double twin of the float {@code copyRows}. */
  static void copyRows(double[] b, int bOff, int ldb, int p0, int count, int j0, int w, double[][] s,
      int first) {
    for (int p = 0; p < count; p++) {
      System.arraycopy(b, bOff + (p0 + p) * ldb + j0, s[first + p], 0, w);
    }
  }
}
