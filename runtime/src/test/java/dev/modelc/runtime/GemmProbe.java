package dev.modelc.runtime;

/**
 * A program run in a child JVM by {@link GemmWithoutVectorModuleTest}: prints which kernel
 * {@link Gemm} chose and whether a small product came out right.
 */
public final class GemmProbe {

  private GemmProbe() {}

  public static void main(String[] args) {
    int m = 9;
    int n = 37;
    int k = 21;
    float[] a = new float[m * k];
    float[] b = new float[n * k];
    Init.uniform(a, 0, a.length, -1, 1, new Rng(1));
    Init.uniform(b, 0, b.length, -1, 1, new Rng(2));
    float[] c = new float[m * n];
    Gemm.sgemm(false, true, m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
    double worst = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double exact = 0;
        for (int p = 0; p < k; p++) {
          exact += (double) a[i * k + p] * b[j * k + p];
        }
        worst = Math.max(worst, Math.abs(c[i * n + j] - exact));
      }
    }
    System.out.println("vectorized=" + Gemm.vectorized() + " correct=" + (worst < 1e-4));
  }
}
