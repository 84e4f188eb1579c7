package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Ranges split across the pool: every index once, pieces on tile boundaries, failures thrown. */
class ParallelTest {

  @Test
  void everyIndexIsVisitedOnceWhateverTheSplit() {
    int[] lengths = {0, 1, 63, 64, 65, 1000, 4096, 100_003};
    for (int threads = 1; threads <= 5; threads++) {
      for (int length : lengths) {
        AtomicIntegerArray visits = new AtomicIntegerArray(Math.max(1, length));
        Set<Integer> starts = ConcurrentHashMap.newKeySet();
        GemmThreads.forRange(threads, 100, length, (from, to) -> {
          starts.add(from);
          for (int i = from; i < to; i++) {
            visits.incrementAndGet(i);
          }
        });
        for (int i = 0; i < length; i++) {
          assertEquals(1, visits.get(i), "index " + i + " of " + length + ", " + threads + " threads");
        }
        for (int start : starts) {
          assertEquals(0, start % GemmThreads.RANGE_TILE, "pieces start on tiles");
        }
        int expected = Math.max(1, Math.min(Math.min(threads, length / 100),
            (length + GemmThreads.RANGE_TILE - 1) / GemmThreads.RANGE_TILE));
        assertEquals(length == 0 ? 1 : expected, starts.size(), length + " in pieces, " + threads + " threads");
      }
    }
  }

  @Test
  void largeRangesRunOnSeveralThreads() {
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    for (int attempt = 0; attempt < 50 && seen.size() < 2; attempt++) {
      GemmThreads.forRange(2, 1, 1 << 20, (from, to) -> {
        seen.add(Thread.currentThread());
        long x = 0;
        for (int i = from; i < to; i++) {
          x += i; // enough work that the worker takes the second piece before the caller
        }
        assertTrue(x >= 0);
      });
    }
    assertEquals(2, seen.size(), "the caller and a pool thread");
  }

  @Test
  void aFailureInAnyPieceIsThrownOnTheCaller() {
    IllegalStateException boom = new IllegalStateException("boom");
    for (int failing = 0; failing < 2; failing++) {
      int piece = failing;
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
          GemmThreads.forRange(2, 1, 1 << 16, (from, to) -> {
            if ((from == 0) == (piece == 0)) {
              throw boom;
            }
          }));
      assertSame(boom, thrown);
    }
    // The pool still works afterwards.
    AtomicIntegerArray visits = new AtomicIntegerArray(1 << 16);
    GemmThreads.forRange(2, 1, 1 << 16, (from, to) -> {
      for (int i = from; i < to; i++) {
        visits.incrementAndGet(i);
      }
    });
    for (int i = 0; i < 1 << 16; i++) {
      assertEquals(1, visits.get(i));
    }
  }

  @Test
  void aNegativeLengthIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(-1, (from, to) -> { }));
  }
}
