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

  /**
   * A scan as a training step runs it, once per step over a few thousand parameters, allocates
   * nothing once compiled (whatever its caller: each Vector API operation must compile to
   * registers in the scan's own compilation).
   */
  @Test
  void scansAllocateNothingOnceWarm() {
    float[] f = new float[2410];
    double[] d = new double[2410];
    Rejection rejection = new Rejection();
    long allocated = ThreadAllocation.afterWarmUp(50_000, 10_000, () -> {
      rejection.scan(f, 0, f.length);
      rejection.scan(d, 0, d.length);
    });
    assertEquals(0, allocated, "bytes allocated by 10,000 scans");
    assertEquals(-1, rejection.first());
  }

  @Test
  void rejectionKeepsTheFirstElementAnyRangeFound() throws Exception {
    float[] params = new float[40_000];
    Rejection rejection = new Rejection();
    rejection.scan(params, 0, params.length);
    assertEquals(-1, rejection.first());
    params[30_000] = Float.NaN;
    params[25_000] = Float.NEGATIVE_INFINITY;
    params[12_000] = Float.POSITIVE_INFINITY;
    // Ranges scanned out of order and on two threads, as the pool may run them.
    Thread other = new Thread(() -> rejection.scan(params, 20_000, 40_000));
    other.start();
    rejection.scan(params, 0, 10_000);
    other.join();
    assertEquals(25_000, rejection.first());
    rejection.scan(params, 10_000, 20_000);
    assertEquals(12_000, rejection.first());
    rejection.reset();
    assertEquals(-1, rejection.first(), "a new step starts with nothing found");
    double[] d = new double[10];
    d[3] = Double.NaN;
    rejection.scan(d, 5, 10);
    assertEquals(-1, rejection.first(), "only the range scanned");
    rejection.scan(d, 0, 5);
    assertEquals(3, rejection.first());
  }
}
