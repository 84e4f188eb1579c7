package dev.modelc.runtime;

/** Operands for the products' tests: random matrices, a relu's output, their double copies. */
final class Operands {

  private Operands() {}

  /** Values drawn uniformly from [-1, 1). */
  static float[] uniform(int length, Rng rng) {
    float[] x = new float[length];
    Init.uniform(x, 0, length, -1, 1, rng);
    return x;
  }

  /** A relu's output: zeros (half of them negative zeros) where the input was not positive. */
  static float[] mask(int length, Rng rng) {
    float[] x = uniform(length, rng);
    for (int i = 0; i < length; i++) {
      if (x[i] < 0) {
        x[i] = i % 2 == 0 ? 0f : -0f;
      }
    }
    return x;
  }

  /** The values divided by three in double, so that they use the double's precision. */
  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i] / 3.0;
    }
    return d;
  }
}
