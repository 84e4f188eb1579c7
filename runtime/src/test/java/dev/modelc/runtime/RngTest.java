package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void matchesTheReferenceSplitMix64Stream() {
    // The first outputs of SplitMix64 from state 0, as published with the reference C code.
    Rng rng = new Rng(0);
    assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
    assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
    assertEquals(0x06C45D188009454FL, rng.nextLong());
  }

  @Test
  void sameSeedSameStreamOtherSeedOtherStream() {
    Rng a = new Rng(42);
    Rng b = new Rng(42);
    Rng c = new Rng(43);
    long[] sa = new long[8];
    long[] sb = new long[8];
    long[] sc = new long[8];
    for (int i = 0; i < 8; i++) {
      sa[i] = a.nextLong();
      sb[i] = b.nextLong();
      sc[i] = c.nextLong();
    }
    assertArrayEquals(sa, sb);
    assertNotEquals(Arrays.toString(sa), Arrays.toString(sc));
  }

  @Test
  void nextDoubleUsesTheTop53Bits() {
    long bits = new Rng(7).nextLong();
    assertEquals((bits >>> 11) * 0x1.0p-53, new Rng(7).nextDouble());
    Rng rng = new Rng(1);
    double sum = 0;
    for (int i = 0; i < 100_000; i++) {
      double d = rng.nextDouble();
      assertTrue(d >= 0 && d < 1);
      sum += d;
    }
    assertEquals(0.5, sum / 100_000, 0.01);
  }

  @Test
  void nextIntIsInRangeAndRoughlyUniform() {
    Rng rng = new Rng(3);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[rng.nextInt(7)]++;
    }
    for (int count : counts) {
      assertEquals(10_000, count, 500);
    }
    assertEquals(0, rng.nextInt(1));
    int big = (1 << 30) + 1; // rejects almost half of all draws
    for (int i = 0; i < 1000; i++) {
      int r = rng.nextInt(big);
      assertTrue(r >= 0 && r < big);
    }
    assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    assertThrows(IllegalArgumentException.class, () -> rng.nextInt(-5));
  }

  @Test
  void nextGaussianIsStandardNormalAndConsumesTwoDraws() {
    Rng rng = new Rng(11);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double g = rng.nextGaussian();
      assertTrue(Double.isFinite(g));
      sum += g;
      sumSq += g * g;
    }
    double mean = sum / n;
    assertEquals(0, mean, 0.01);
    assertEquals(1, sumSq / n - mean * mean, 0.02);

    Rng a = new Rng(5);
    a.nextGaussian();
    Rng b = new Rng(5);
    b.nextLong();
    b.nextLong();
    assertEquals(b.nextLong(), a.nextLong());
  }

  @Test
  void shuffleIsFisherYatesFromTheEnd() {
    int[] a = {0, 1, 2, 3, 4, 5, 6, 7};
    new Rng(9).shuffle(a);
    int[] expected = {0, 1, 2, 3, 4, 5, 6, 7};
    Rng rng = new Rng(9);
    for (int i = expected.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = expected[i];
      expected[i] = expected[j];
      expected[j] = t;
    }
    assertArrayEquals(expected, a);
  }

  @Test
  void shuffleProducesEveryPermutationEquallyOften() {
    Rng rng = new Rng(21);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 60_000; i++) {
      int[] a = {0, 1, 2};
      rng.shuffle(a);
      counts.merge(Arrays.toString(a), 1, Integer::sum);
    }
    assertEquals(6, counts.size());
    for (int count : counts.values()) {
      assertEquals(10_000, count, 500);
    }
    new Rng(0).shuffle(new int[0]); // nothing to do, and no failure
  }
}
