package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DatasetTest {

  /** Ten examples: input (i, 10 + i), target (100 + i). */
  private static Dataset ten() {
    float[] x = new float[20];
    float[] y = new float[10];
    for (int i = 0; i < 10; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 10 + i;
      y[i] = 100 + i;
    }
    return Dataset.of(x, y, 2, 1);
  }

  @Test
  void ofWrapsTheArrays() {
    float[] x = new float[6];
    float[] y = new float[3];
    Dataset d = Dataset.of(x, y, 2, 1);
    assertEquals(3, d.size());
    assertEquals(2, d.inputSize());
    assertEquals(1, d.targetSize());
    assertSame(x, d.inputs());
    assertSame(y, d.targets());
  }

  @Test
  void ofRejectsInconsistentLengths() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new float[6], new float[4], 2, 1));
    assertEquals("inputs hold 3 examples of 2 floats, so targets should hold 3 floats"
        + " (1 per example), but they hold 4", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new float[5], new float[2], 2, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new float[4], new float[4], 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new float[4], new float[4], 2, -1));
  }

  @Test
  void gatherCopiesTheOrderedExamplesIntoTheFirstRows() {
    Dataset d = ten();
    int[] order = {9, 3, 5, 0};
    float[] x = new float[8];
    float[] y = new float[4];
    Arrays.fill(x, -1);
    Arrays.fill(y, -1);
    d.gather(order, 1, 2, x, y);
    assertArrayEquals(new float[] {3, 13, 5, 15, -1, -1, -1, -1}, x);
    assertArrayEquals(new float[] {103, 105, -1, -1}, y);

    double[] xd = new double[4];
    double[] yd = new double[2];
    d.gather(order, 2, 2, xd, yd);
    assertArrayEquals(new double[] {5, 15, 0, 10}, xd);
    assertArrayEquals(new double[] {105, 100}, yd);
  }

  @Test
  void gatherRejectsShortOutputsAndBadRanges() {
    Dataset d = ten();
    int[] order = {0, 1, 2};
    assertThrows(IllegalArgumentException.class,
        () -> d.gather(order, 0, 3, new float[5], new float[3]));
    assertThrows(IndexOutOfBoundsException.class,
        () -> d.gather(order, 2, 2, new float[4], new float[2]));
    assertThrows(IndexOutOfBoundsException.class,
        () -> d.gather(new int[] {10}, 0, 1, new double[2], new double[1]));
  }

  @Test
  void subsetCopiesTheChosenExamples() {
    Dataset s = ten().subset(new int[] {4, 4, 1});
    assertEquals(3, s.size());
    assertArrayEquals(new float[] {4, 14, 4, 14, 1, 11}, s.inputs());
    assertArrayEquals(new float[] {104, 104, 101}, s.targets());
  }

  @Test
  void splitHoldsOutARoundedSeededFractionAndKeepsOrder() {
    Dataset d = ten();
    Dataset[] parts = d.split(0.25, 7);
    Dataset rest = parts[0];
    Dataset held = parts[1];
    assertEquals(3, held.size()); // round(2.5) = 3
    assertEquals(7, rest.size());
    TreeSet<Float> all = new TreeSet<>();
    for (Dataset part : parts) {
      float previous = -1;
      for (int i = 0; i < part.size(); i++) {
        float target = part.targets()[i];
        assertTrue(target > previous, "original order kept");
        previous = target;
        assertEquals(target - 100, part.inputs()[2 * i]);
        all.add(target);
      }
    }
    assertEquals(10, all.size());

    assertArrayEquals(held.targets(), d.split(0.25, 7)[1].targets());
    boolean differs = false;
    for (long seed = 8; seed < 20 && !differs; seed++) {
      differs = !Arrays.equals(held.targets(), d.split(0.25, seed)[1].targets());
    }
    assertTrue(differs, "other seeds hold out other examples");
  }

  @Test
  void splitAtTheExtremes() {
    Dataset d = ten();
    assertEquals(0, d.split(0, 1)[1].size());
    assertEquals(10, d.split(1, 1)[1].size());
    assertThrows(IllegalArgumentException.class, () -> d.split(1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 1));
    assertNotEquals("", d.toString());
  }
}
