package dev.modelc.runtime;

import static dev.modelc.runtime.Operands.mask;
import static dev.modelc.runtime.Operands.toDouble;
import static dev.modelc.runtime.Operands.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Products that the vector kernel computes as their transpose ({@link
 * VectorGemm#computesTranspose}: B transposed, fewer rows than columns, no more rows than a
 * narrow product's columns) have the bits of the direct packed path ({@code sgemmBlock}, which never
 * transposes), with every epilogue, A stored either way, partial tiles and several slices; and
 * allocate nothing once warm.
 */
class GemmTransposeTest {

  private static final int[] DEPTHS = {70, 200, 784, 1000};
  private static final int[] COLUMNS = {100, 256, 300};
  private static final Epilogue[] EPILOGUES = Epilogue.values();

  /**
   * A product of the tests: A (transposed or not) from offset 2, B (n x k, so op(B) transposed)
   * from 1, C from 4 and E from 3, each with a leading dimension wider than its rows.
   */
  private record Shape(boolean transA, int m, int n, int k) {
    int lda() {
      return transA ? m + 3 : k + 1;
    }

    int ldb() {
      return k + 4;
    }

    int ldc() {
      return n + 2;
    }

    int aLength() {
      return 2 + (transA ? k * lda() : m * lda());
    }

    @Override
    public String toString() {
      return String.format("transA=%b m=%d n=%d k=%d", transA, m, n, k);
    }
  }

  /** The shapes with these row counts that the kernel computes as their transpose. */
  private static List<Shape> transposed(int[] rows, int narrowColumns) {
    List<Shape> shapes = new ArrayList<>();
    for (boolean transA : new boolean[] {false, true}) {
      for (int m : rows) {
        for (int n : COLUMNS) {
          for (int k : DEPTHS) {
            if (VectorGemm.computesTranspose(true, m, n, k, false, narrowColumns)) {
              shapes.add(new Shape(transA, m, n, k));
            }
          }
        }
      }
    }
    return shapes;
  }

  @Test
  void floatProductsComputedAsTheirTransposeHaveTheBitsOfTheDirectPath() {
    GemmKernel vector = Gemm.vector();
    Rng rng = new Rng(61);
    int checked = 0;
    for (Shape p : transposed(new int[] {8, 13, 32, 47, 64}, VectorGemm.NARROW_COLUMNS)) {
      float[] a = uniform(p.aLength(), rng);
      float[] b = uniform(1 + p.n() * p.ldb(), rng);
      float[] e = mask(3 + p.m() * (p.n() + 5), rng);
      for (Epilogue epilogue : EPILOGUES) {
        int lde = epilogue == Epilogue.MASK ? p.n() + 5 : 0;
        float[] c0 = uniform(4 + p.m() * p.ldc(), rng);
        float[] direct = c0.clone();
        float[] transposed = c0.clone();
        vector.sgemmBlock(p.transA(), true, p.m(), p.n(), p.k(), a, 2, p.lda(), b, 1, p.ldb(),
            direct, 4, p.ldc(), false, epilogue, e, 3, lde);
        vector.sgemm(p.transA(), true, p.m(), p.n(), p.k(), a, 2, p.lda(), b, 1, p.ldb(),
            transposed, 4, p.ldc(), false, epilogue, e, 3, lde);
        if (!Arrays.equals(direct, transposed)) {
          fail(epilogue + " " + p + ": differs at index " + Arrays.mismatch(direct, transposed));
        }
        checked++;
      }
    }
    // Thirteen pairs of rows and depths deep enough, three widths, A stored either way; none
    // where vectors are not 256 bits wide (no six-row kernel, no transposed products).
    assertEquals(VectorGemm.MR == 6 ? 13 * 3 * 2 * EPILOGUES.length : 0, checked,
        "products checked");
  }

  @Test
  void doubleProductsComputedAsTheirTransposeHaveTheBitsOfTheDirectPath() {
    GemmKernel vector = Gemm.vector();
    Rng rng = new Rng(62);
    int checked = 0;
    for (Shape p : transposed(new int[] {8, 13, 32}, VectorDgemm.NARROW_COLUMNS)) {
      double[] a = toDouble(uniform(p.aLength(), rng));
      double[] b = toDouble(uniform(1 + p.n() * p.ldb(), rng));
      double[] e = toDouble(mask(3 + p.m() * (p.n() + 5), rng));
      for (Epilogue epilogue : EPILOGUES) {
        int lde = epilogue == Epilogue.MASK ? p.n() + 5 : 0;
        double[] c0 = toDouble(uniform(4 + p.m() * p.ldc(), rng));
        double[] direct = c0.clone();
        double[] transposed = c0.clone();
        vector.dgemmBlock(p.transA(), true, p.m(), p.n(), p.k(), a, 2, p.lda(), b, 1, p.ldb(),
            direct, 4, p.ldc(), false, epilogue, e, 3, lde);
        vector.dgemm(p.transA(), true, p.m(), p.n(), p.k(), a, 2, p.lda(), b, 1, p.ldb(),
            transposed, 4, p.ldc(), false, epilogue, e, 3, lde);
        if (!Arrays.equals(direct, transposed)) {
          fail(epilogue + " " + p + ": differs at index " + Arrays.mismatch(direct, transposed));
        }
        checked++;
      }
    }
    // Nine pairs of rows and depths deep enough, three widths, A stored either way (none where
    // vectors are not 256 bits wide).
    assertEquals(VectorGemm.MR == 6 ? 9 * 3 * 2 * EPILOGUES.length : 0, checked,
        "products checked");
  }

  @Test
  void onlyProductsThatGainAreTransposed() {
    int columns = VectorGemm.NARROW_COLUMNS;
    // A 784-256 layer's forward product at batches of 16 to 64: W transposed.
    for (int m : new int[] {16, 32, 64}) {
      assertEquals(VectorGemm.MR == 6, VectorGemm.computesTranspose(true, m, 256, 784, false, columns));
    }
    // B as stored has nothing to copy transposed; adding to C keeps C's old value first in each
    // sum; more rows than a narrow product's columns (Cᵀ's last panel mostly padding, or the
    // 128-row step measured slower), or not fewer than columns; a narrow product, whose copy of
    // W is small; a depth too shallow for the copy of W to repay the copy of C.
    assertFalse(VectorGemm.computesTranspose(false, 64, 256, 784, false, columns));
    assertFalse(VectorGemm.computesTranspose(true, 64, 256, 784, true, columns));
    assertFalse(VectorGemm.computesTranspose(true, columns + 1, 256, 784, false, columns));
    assertFalse(VectorGemm.computesTranspose(true, 256, 64, 784, false, columns));
    assertFalse(VectorGemm.computesTranspose(true, 60, 64, 784, false, columns));
    assertFalse(VectorGemm.computesTranspose(true, 64, 128, 256, false, columns));
    assertFalse(VectorGemm.computesTranspose(true, 40, 512, 100, false, columns));
    // A transpose larger than the scratch a thread keeps for it.
    int widest = VectorGemm.TRANSPOSED_MAX / 64;
    assertEquals(VectorGemm.MR == 6, VectorGemm.computesTranspose(true, 64, widest, 784, false, columns));
    assertFalse(VectorGemm.computesTranspose(true, 64, widest + 1, 784, false, columns));
  }

  @Test
  void transposedProductsAllocateNothingOnceWarm() {
    GemmKernel vector = Gemm.vector();
    Rng rng = new Rng(63);
    float[] x = uniform(64 * 784, rng);
    float[] w = uniform(256 * 784 + 256, rng);
    float[] h = new float[64 * 256];
    double[] xd = toDouble(uniform(32 * 300, rng));
    double[] wd = toDouble(uniform(100 * 300 + 100, rng));
    double[] hd = new double[32 * 100];
    long bytes = ThreadAllocation.afterWarmUp(300, 100, () -> {
      vector.sgemm(false, true, 64, 256, 784, x, 0, 784, w, 0, 784, h, 0, 256, false,
          Epilogue.BIAS_RELU, w, 200704, 0);
      vector.dgemm(false, true, 32, 100, 300, xd, 0, 300, wd, 0, 300, hd, 0, 100, false,
          Epilogue.BIAS_RELU, wd, 30000, 0);
    });
    assertEquals(0, bytes, "bytes allocated by warm products computed as their transpose");
  }
}
