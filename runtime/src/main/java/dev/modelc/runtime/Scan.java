package dev.modelc.runtime;

/**
 * Finds NaN and infinite values in long arrays: the inputs of a batch, the gradient, and the new
 * values an optimizer step computed before it stores them. These scans run on every training
 * step over every parameter, so on the Vector API they test a whole vector per instruction.
 *
 * <p>Short arrays are scanned by a plain loop: a scan runs once per array per step, and Vector API
 * code allocates its vectors on the heap until C2 compiles it, which for a method called a few
 * times per step takes thousands of steps. A long array's loop is compiled on its first calls.
 */
final class Scan {
  /** Below this many values the plain loop is about as fast. */
  static final int VECTOR_MIN = 1024;

  private static final boolean VECTORIZED = Gemm.vectorized();

  private Scan() {}

  /** The first index in [from, to) of a value that is NaN or infinite, or -1. */
  static int firstNonFinite(float[] a, int from, int to) {
    if (VECTORIZED && to - from >= VECTOR_MIN) {
      // VectorScan is first referenced here, when the module is known to be present.
      return VectorScan.firstNonFinite(a, from, to);
    }
    return plain(a, from, to);
  }

  /** The first index in [from, to) of a value that is NaN or infinite, or -1. */
  static int firstNonFinite(double[] a, int from, int to) {
    if (VECTORIZED && to - from >= VECTOR_MIN) {
      return VectorScan.firstNonFinite(a, from, to);
    }
    return plain(a, from, to);
  }

  static int plain(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  static int plain(double[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Double.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }
}
