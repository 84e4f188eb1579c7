package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scans for NaN and infinite values, on the Vector API and in plain Java, at every place. */
class ScanTest {
  private static final int[] LENGTHS = {0, 1, 7, 255, 256, 257, 1023, 1024, 1025, 3000};
  private static final float[] FLOAT_BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
  private static final double[] DOUBLE_BAD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

  @Test
  void testsRunWithTheVectorPath() {
    assertTrue(Gemm.vectorized(), "tests run with --add-modules jdk.incubator.vector");
  }

  @Test
  void findsTheFirstNonFiniteFloatWhereverItIs() {
    for (int length : LENGTHS) {
      float[] a = new float[length];
      for (int i = 0; i < length; i++) {
        a[i] = Float.MAX_VALUE / 3 * (i % 5 - 2); // large but finite, of both signs
      }
      assertEquals(-1, Scan.firstNonFinite(a, 0, length));
      for (int at = 0; at < length; at++) {
        float bad = FLOAT_BAD[at % 3];
        a[at] = bad;
        assertEquals(at, Scan.firstNonFinite(a, 0, length), "length " + length + ", " + bad + " at " + at);
        assertEquals(at, VectorScan.firstNonFinite(a, 0, length));
        assertEquals(-1, Scan.firstNonFinite(a, 0, at), "before it");
        assertEquals(-1, Scan.firstNonFinite(a, at + 1, length), "after it");
        if (at + 2 < length) {
          a[at + 2] = Float.NaN; // a later one does not change the answer
          assertEquals(at, Scan.firstNonFinite(a, 0, length));
          a[at + 2] = 1;
        }
        a[at] = 1;
      }
    }
  }

  @Test
  void findsTheFirstNonFiniteDoubleWhereverItIs() {
    for (int length : LENGTHS) {
      double[] a = new double[length];
      for (int i = 0; i < length; i++) {
        a[i] = Double.MAX_VALUE / 3 * (i % 5 - 2);
      }
      assertEquals(-1, Scan.firstNonFinite(a, 0, length));
      for (int at = 0; at < length; at++) {
        double bad = DOUBLE_BAD[at % 3];
        a[at] = bad;
        assertEquals(at, Scan.firstNonFinite(a, 0, length), "length " + length + ", " + bad + " at " + at);
        assertEquals(at, VectorScan.firstNonFinite(a, 0, length));
        assertEquals(-1, Scan.firstNonFinite(a, 0, at), "before it");
        assertEquals(-1, Scan.firstNonFinite(a, at + 1, length), "after it");
        a[at] = 1;
      }
    }
  }

  @Test
  void chainedOverArraysGivesTheFirstElementAnyRejects() {
    float[] params = new float[2000];
    float[] m = new float[2000];
    float[] v = new float[2000];
    assertEquals(-1, Checks.firstNonFinite(v, Checks.firstNonFinite(m, Checks.firstNonFinite(params, -1))));
    m[1500] = Float.NaN;
    v[700] = Float.POSITIVE_INFINITY;
    params[1800] = Float.NEGATIVE_INFINITY;
    assertEquals(700, Checks.firstNonFinite(v, Checks.firstNonFinite(m, Checks.firstNonFinite(params, -1))));
    double[] d = new double[10];
    d[3] = Double.NaN;
    assertEquals(3, Checks.firstNonFinite(d, 5));
    assertEquals(2, Checks.firstNonFinite(d, 2), "nothing below the index found before");
  }
}
