package dev.modelc.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * Parameter initializers that fill the slice {@code [off, off + len)} of a flat parameter array,
 * drawing from a seeded {@link Rng} in index order so the result depends only on the seed.
 *
 * <p>The code generator computes the bounds and standard deviations of xavier, he and lecun from
 * fan-in and fan-out itself and calls {@link #uniform} or {@link #normal} with them.
 */
public final class Init {

  private Init() {}

  /** Sets every element of the slice to {@code v}. */
  public static void constant(float[] a, int off, int len, double v) {
    Objects.checkFromIndexSize(off, len, a.length);
    Arrays.fill(a, off, off + len, (float) v);
  }

  /** Sets every element of the slice to {@code v}. */
  public static void constant(double[] a, int off, int len, double v) {
    Objects.checkFromIndexSize(off, len, a.length);
    Arrays.fill(a, off, off + len, v);
  }

  /** Fills the slice with values drawn uniformly from [lo, hi). */
  public static void uniform(float[] a, int off, int len, double lo, double hi, Rng rng) {
    Objects.checkFromIndexSize(off, len, a.length);
    checkRange(lo, hi);
    for (int i = off; i < off + len; i++) {
      a[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
  }

  /** Fills the slice with values drawn uniformly from [lo, hi). */
  public static void uniform(double[] a, int off, int len, double lo, double hi, Rng rng) {
    Objects.checkFromIndexSize(off, len, a.length);
    checkRange(lo, hi);
    for (int i = off; i < off + len; i++) {
      a[i] = lo + (hi - lo) * rng.nextDouble();
    }
  }

  /** Fills the slice with values drawn from a normal distribution N(mean, std²). */
  public static void normal(float[] a, int off, int len, double mean, double std, Rng rng) {
    Objects.checkFromIndexSize(off, len, a.length);
    checkStd(std);
    for (int i = off; i < off + len; i++) {
      a[i] = (float) (mean + std * rng.nextGaussian());
    }
  }

  /** Fills the slice with values drawn from a normal distribution N(mean, std²). */
  public static void normal(double[] a, int off, int len, double mean, double std, Rng rng) {
    Objects.checkFromIndexSize(off, len, a.length);
    checkStd(std);
    for (int i = off; i < off + len; i++) {
      a[i] = mean + std * rng.nextGaussian();
    }
  }

  private static void checkRange(double lo, double hi) {
    if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException("uniform bounds must be finite with lo <= hi, got ["
          + lo + ", " + hi + ")");
    }
  }

  private static void checkStd(double std) {
    if (!(std >= 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("standard deviation must be finite and >= 0, got " + std);
    }
  }
}
