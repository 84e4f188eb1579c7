package dev.modelc.runtime;

/**
 * Scalar functions that generated code calls by name where an inline formula would read its
 * argument more than once. Each is small enough for the JIT to inline.
 */
public final class Fn {
  private Fn() {}

  /** log(1 + exp(x)) without overflow for large x or loss of precision for very negative x. */
  public static float softplus(float x) {
    return Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
  }

  public static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** 1 for positive x, 1/2 at zero, 0 for negative x (and NaN for NaN). */
  public static float heaviside(float x) {
    return x > 0 ? 1f : x == 0 ? 0.5f : x < 0 ? 0f : Float.NaN;
  }

  public static double heaviside(double x) {
    return x > 0 ? 1 : x == 0 ? 0.5 : x < 0 ? 0 : Double.NaN;
  }
}
