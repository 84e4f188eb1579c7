package dev.modelc.runtime;

/**
 * What a product does to each element of C once its sum over k is complete, reading a second
 * matrix E with element (i, j) at {@code e[eOff + i * lde + j]}: a bias is E with {@code lde} 0,
 * the same row for every row of C; a mask is an m x n matrix.
 *
 * <p>Each is done once per element, after the last term of the sum, with the operations a plain
 * loop over the finished C would use, so a product with an epilogue has the bits of the product
 * followed by that loop, on every path and for every thread count.
 */
enum Epilogue {
  /** C as computed. */
  NONE,
  /** c + e: a dense layer's bias, added to every example. */
  BIAS,
  /** max(c + e, 0): a dense layer with its bias and relu. */
  BIAS_RELU,
  /** c * (e > 0 ? 1 : 0): the gradient through a relu, e being the relu's output. */
  MASK;

  /** The epilogue of one element, c the finished sum and e its element of E. */
  float apply(float c, float e) {
    switch (this) {
      case BIAS:
        return c + e;
      case BIAS_RELU:
        return Math.max(c + e, 0f);
      case MASK:
        return c * (e > 0f ? 1f : 0f);
      default:
        return c;
    }
  }

  /** The double twin of {@link #apply(float, float)}. */
  double apply(double c, double e) {
    switch (this) {
      case BIAS:
        return c + e;
      case BIAS_RELU:
        return Math.max(c + e, 0.0);
      case MASK:
        return c * (e > 0.0 ? 1.0 : 0.0);
      default:
        return c;
    }
  }

  /**
   * Applies the epilogue to the finished m x n block of C at c0, in plain Java: the paths whose
   * loops do not end with a tile of C in registers apply it this way, row by row, while the row
   * is in cache.
   */
  void apply(float[] c, int c0, int ldc, int m, int n, float[] e, int e0, int lde) {
    if (this == NONE) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = c0 + i * ldc;
      int ei = e0 + i * lde;
      for (int j = 0; j < n; j++) {
        c[ci + j] = apply(c[ci + j], e[ei + j]);
      }
    }
  }

  /** The double twin of {@link #apply(float[], int, int, int, int, float[], int, int)}. */
  void apply(double[] c, int c0, int ldc, int m, int n, double[] e, int e0, int lde) {
    if (this == NONE) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = c0 + i * ldc;
      int ei = e0 + i * lde;
      for (int j = 0; j < n; j++) {
        c[ci + j] = apply(c[ci + j], e[ei + j]);
      }
    }
  }
}
