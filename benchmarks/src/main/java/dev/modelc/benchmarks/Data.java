package dev.modelc.benchmarks;

import java.util.SplittableRandom;

/**
 * Fixed random data for the benchmarks: the same seed gives the same arrays, so every run and
 * every fork trains on the same batch. Inputs are uniform in [0, 1) like scaled pixels, regression
 * targets standard normal, class labels uniform over the classes (stored as floats, as generated
 * classes take them).
 */
public final class Data {

  private Data() {}

  /** n examples of {@code size} inputs each, row-major. */
  public static float[] inputs(int n, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  /** n real-valued targets of {@code size} values each, standard normal. */
  public static float[] targets(int n, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] y = new float[n * size];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) gaussian(random);
    }
    return y;
  }

  /** n class indices in [0, classes), one float each. */
  public static float[] labels(int n, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  /** A standard normal draw by the Box-Muller transform (SplittableRandom has none in Java 17). */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble(); // in (0, 1], so the logarithm is finite
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
