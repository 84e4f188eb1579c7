package dev.modelc.runtime;

/**
 * Scalar functions that generated code calls by name where an inline formula would read its
 * argument more than once. Each is small enough for the JIT to inline.
 */
public final class Fn {
  private Fn() {}

  private static final double LOG2E = 1.4426950408889634;
  private static final double LN2 = 0.6931471805599453;

  /**
   * e^x for float, to within one unit in the last place of the exact value, several times faster
   * than {@code (float) Math.exp(x)}, which generated code would otherwise call for every softmax,
   * sigmoid and cross-entropy element. x = k ln 2 + r with |r| <= ln 2 / 2 is evaluated in double:
   * e^r by its Taylor polynomial to degree 8 (relative error below 2.3e-10, a few thousandths of a
   * float ulp), times 2^k built from its bits. Arguments whose result overflows, underflows or is
   * NaN take {@code Math.exp}. Pure double arithmetic: the same bits on every JVM.
   */
  public static float expf(float x) {
    double d = x;
    if (!(d > -103.0 && d < 88.0)) {
      return (float) Math.exp(d);
    }
    double k = Math.rint(d * LOG2E);
    double r = d - k * LN2;
    double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
        + r * (1.0 / 720 + r * (1.0 / 5040 + r * (1.0 / 40320))))))));
    return (float) (p * Double.longBitsToDouble((long) (k + 1023) << 52));
  }

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
