package dev.modelc.runtime;

/**
 * One product with random operands inside padded arrays ({@link ProductShape}), computed through {@link GemmThreads} with a given thread count and a minimum of
 * one operation per thread, so that even small products are split in every way the tiles allow;
 * each call computes it afresh from the same C.
 */
final class SplitProduct extends ProductShape {
  final float[] a;
  final float[] b;
  final float[] c;
  final double[] ad;
  final double[] bd;
  final double[] cd;

  SplitProduct(boolean transA, boolean transB, int m, int n, int k, Rng rng) {
    super(transA, transB, m, n, k, rng);
    a = random(aOff + (transA ? k : m) * lda + 2, rng);
    b = random(bOff + (transB ? n : k) * ldb + 2, rng);
    c = random(cOff + m * ldc + 2, rng);
    ad = random(a.length, rng, 1e-3);
    bd = random(b.length, rng, 1e-3);
    cd = random(c.length, rng, 1e-3);
  }

  private static float[] random(int length, Rng rng) {
    float[] x = new float[length];
    Init.uniform(x, 0, length, -1, 1, rng);
    return x;
  }

  /** Uniform values that do not fit in a float, so double products round differently. */
  private static double[] random(int length, Rng rng, double jitter) {
    double[] x = new double[length];
    for (int i = 0; i < length; i++) {
      x[i] = 2 * rng.nextDouble() - 1 + jitter * rng.nextDouble();
    }
    return x;
  }

  float[] sgemm(GemmKernel kernel, int threads, boolean accumulate) {
    float[] out = c.clone();
    GemmThreads.sgemm(kernel, threads, 1, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb,
        out, cOff, ldc, accumulate, Epilogue.NONE, null, 0, 0);
    return out;
  }

  double[] dgemm(GemmKernel kernel, int threads, boolean accumulate) {
    double[] out = cd.clone();
    GemmThreads.dgemm(kernel, threads, 1, transA, transB, m, n, k, ad, aOff, lda, bd, bOff,
        ldb, out, cOff, ldc, accumulate, Epilogue.NONE, null, 0, 0);
    return out;
  }
}
