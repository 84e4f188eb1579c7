package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The runtime's scalar functions against java.lang.Math. */
class FnTest {

  /** Units in the last place between two finite floats of the same sign, or 0 if equal. */
  private static int ulps(float a, float b) {
    return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
  }

  @Test
  void expfIsWithinOneUlpOfTheCorrectlyRoundedValueOverItsWholeRange() {
    int worst = 0;
    int inexact = 0;
    int count = 0;
    // Every 61st float from -104 to 89, both signs, through subnormal results and zero.
    for (int bits = 0; bits >= 0 && Float.intBitsToFloat(bits) < 89f; bits += 61) {
      for (float x : new float[] {Float.intBitsToFloat(bits), -Float.intBitsToFloat(bits)}) {
        if (x < -104f) {
          continue;
        }
        // Math.exp is within an ulp of e^x in double, far inside the rounding to float.
        float expected = (float) StrictMath.exp(x);
        float actual = Fn.expf(x);
        int d = ulps(actual, expected);
        worst = Math.max(worst, d);
        inexact += d == 0 ? 0 : 1;
        count++;
        if (d > 1) {
          assertEquals(expected, actual, "expf(" + x + ")");
        }
      }
    }
    assertTrue(count > 30_000_000, count + " arguments");
    assertTrue(worst <= 1, "worst " + worst + " ulps");
    assertTrue(inexact < count / 100, inexact + " of " + count + " one ulp off");
  }

  @Test
  void expfAtTheEdges() {
    assertEquals(1f, Fn.expf(0f));
    assertEquals(1f, Fn.expf(-0f));
    assertEquals((float) Math.E, Fn.expf(1f));
    assertTrue(Float.isNaN(Fn.expf(Float.NaN)));
    assertEquals(Float.POSITIVE_INFINITY, Fn.expf(Float.POSITIVE_INFINITY));
    assertEquals(0f, Fn.expf(Float.NEGATIVE_INFINITY));
    assertEquals(Float.POSITIVE_INFINITY, Fn.expf(89f));
    assertTrue(ulps((float) StrictMath.exp(88.72283f), Fn.expf(88.72283f)) <= 1, "near the largest float");
    assertEquals(0f, Fn.expf(-104f));
    assertEquals(Float.MIN_VALUE, Fn.expf(-103.27893f));
    assertEquals((float) Math.exp(-90), Fn.expf(-90f), "a subnormal result");
  }
}
