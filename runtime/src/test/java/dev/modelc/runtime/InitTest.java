package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitTest {

  @Test
  void constantFillsOnlyTheSlice() {
    float[] a = new float[6];
    Init.constant(a, 2, 3, 1.5);
    assertEquals("[0.0, 0.0, 1.5, 1.5, 1.5, 0.0]", Arrays.toString(a));
    double[] d = new double[3];
    Init.constant(d, 0, 3, -2);
    assertEquals("[-2.0, -2.0, -2.0]", Arrays.toString(d));
  }

  @Test
  void uniformStaysInRangeAndLeavesTheRestAlone() {
    float[] a = new float[10_002];
    a[0] = 9;
    a[10_001] = 9;
    Init.uniform(a, 1, 10_000, -0.25, 0.75, new Rng(1));
    double sum = 0;
    for (int i = 1; i <= 10_000; i++) {
      assertTrue(a[i] >= -0.25f && a[i] <= 0.75f);
      sum += a[i];
    }
    assertEquals(0.25, sum / 10_000, 0.02);
    assertEquals(9, a[0]);
    assertEquals(9, a[10_001]);
  }

  @Test
  void normalHasTheRequestedMeanAndDeviation() {
    double[] a = new double[50_000];
    Init.normal(a, 0, a.length, 3, 0.5, new Rng(2));
    double sum = 0;
    double sumSq = 0;
    for (double v : a) {
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / a.length;
    assertEquals(3, mean, 0.01);
    assertEquals(0.5, Math.sqrt(sumSq / a.length - mean * mean), 0.01);
  }

  @Test
  void floatAndDoubleOverloadsDrawTheSameValues() {
    float[] f = new float[100];
    double[] d = new double[100];
    Init.normal(f, 0, 100, 0, 1, new Rng(8));
    Init.normal(d, 0, 100, 0, 1, new Rng(8));
    for (int i = 0; i < 100; i++) {
      assertEquals((float) d[i], f[i]);
    }
    Init.uniform(f, 0, 100, -1, 1, new Rng(8));
    Init.uniform(d, 0, 100, -1, 1, new Rng(8));
    for (int i = 0; i < 100; i++) {
      assertEquals((float) d[i], f[i]);
    }
  }

  @Test
  void rejectsBadSlicesAndParameters() {
    float[] a = new float[4];
    Rng rng = new Rng(0);
    assertThrows(IndexOutOfBoundsException.class, () -> Init.constant(a, 2, 3, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> Init.uniform(a, -1, 2, 0, 1, rng));
    assertThrows(IllegalArgumentException.class, () -> Init.uniform(a, 0, 4, 1, 0, rng));
    assertThrows(IllegalArgumentException.class, () -> Init.normal(a, 0, 4, 0, -1, rng));
  }
}
