package dev.modelc.runtime;

/**
 * Scalar functions that generated code calls by name where an inline formula would read its
 * argument more than once. Each is small enough for the JIT to inline.
 */
public final class Fn {
  private Fn() {}

  /** 1.5 * 2^52: adding it to a double of magnitude below 2^51 rounds it to an integer, kept in the low bits. */
  private static final double ROUNDER = 0x1.8p52;
  private static final double LN2 = 0.6931471805599453;
  /** 2^(j/64) for j = 0..63, from StrictMath so that every JVM holds the same bits. */
  private static final double[] EXP2_64THS = new double[64];

  static {
    for (int j = 0; j < 64; j++) {
      EXP2_64THS[j] = StrictMath.pow(2, j / 64.0);
    }
  }

  /**
   * e^x for float, to within one unit in the last place of the exact value, several times faster
   * than {@code (float) Math.exp(x)}, which generated code would otherwise call for every softmax,
   * sigmoid and cross-entropy element. In double: x = (64q + j) ln2/64 + r with |r| <= ln2/128,
   * so e^x = 2^q 2^(j/64) e^r, with 2^(j/64) from a table and e^r from its Taylor polynomial to
   * degree 3 (relative error below 4e-11, a thousandth of a float ulp). Arguments whose result
   * overflows, underflows or is NaN take {@code Math.exp}. Pure double arithmetic: the same bits
   * on every JVM.
   */
  public static float expf(float x) {
    double d = x;
    if (!(d > -103.0 && d < 88.0)) {
      return (float) Math.exp(d);
    }
    double t = d * (64 / LN2) + ROUNDER;
    int k = (int) Double.doubleToRawLongBits(t); // the integer nearest x 64/ln2, two's complement
    double r = d - (t - ROUNDER) * (LN2 / 64);
    double scale = EXP2_64THS[k & 63] * Double.longBitsToDouble((long) ((k >> 6) + 1023) << 52);
    return (float) (scale * (1 + r + r * r * (0.5 + r * (1.0 / 6))));
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
