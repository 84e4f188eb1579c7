package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The packed path's blocks, sized to the slice depth, always fit the scratch laid out for KC-deep
 * slices, and a last strip's width is one of the two kernels' heights: every depth and row count
 * a product can have. A block that outgrew its room would overwrite the packed A or the spilled
 * tile, which the products' tests would see only at the sizes they happen to try.
 */
class VectorGemmBlocksTest {

  @Test
  void slicesAreNeverDeeperThanKc() {
    for (int k = 1; k <= 8 * VectorGemm.KC; k++) {
      int depth = VectorGemm.sliceDepth(k);
      assertTrue(depth >= 1 && depth <= VectorGemm.KC, "k " + k);
      // As few slices as KC allows, and only the last one shallower.
      int slices = (k + depth - 1) / depth;
      assertEquals((k + VectorGemm.KC - 1) / VectorGemm.KC, slices, "k " + k);
    }
  }

  @Test
  void blocksOfAFitTheRoomOfAKcDeepBlock() {
    for (int depth = 1; depth <= VectorGemm.KC; depth++) {
      int rows = VectorGemm.blockRows(depth);
      assertEquals(0, rows % VectorGemm.MR, "depth " + depth);
      assertTrue(rows >= VectorGemm.MC, "depth " + depth);
      assertTrue((long) rows * depth <= (long) VectorGemm.MC * VectorGemm.KC, "depth " + depth);
    }
  }

  @Test
  void blocksOfBFitTheRoomOfAKcDeepBlockInBothPrecisions() {
    GemmKernel vector = Gemm.vector();
    for (boolean doubles : new boolean[] {false, true}) {
      int nr = vector.tileColumns(doubles);
      for (int depth = 1; depth <= VectorGemm.KC; depth++) {
        int columns = VectorGemm.blockColumns(depth, nr);
        assertEquals(0, columns % nr, "depth " + depth);
        assertTrue(columns >= VectorGemm.NC, "depth " + depth);
        assertTrue((long) columns * depth <= (long) VectorGemm.KC * VectorGemm.NC,
            "depth " + depth + ", doubles " + doubles);
      }
    }
  }
}
