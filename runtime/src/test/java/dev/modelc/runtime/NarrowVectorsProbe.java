package dev.modelc.runtime;

/**
 * Run by {@link GemmVectorSizeTest} in a child JVM with narrow vectors: prints
 * {@code allocated=N}, the bytes that the epilogues and scans of both precisions allocate once
 * warm, as {@link ThreadAllocation} measures them.
 */
public final class NarrowVectorsProbe {
  private NarrowVectorsProbe() {}

  public static void main(String[] args) {
    Rng rng = new Rng(5);
    float[] x = new float[32 * 64];
    float[] w = new float[32 * 64 + 32];
    Init.uniform(x, 0, x.length, -1, 1, rng);
    Init.uniform(w, 0, w.length, -1, 1, rng);
    float[] h = new float[32 * 32];
    float[] dh = new float[32 * 32];
    double[] xd = new double[x.length];
    double[] wd = new double[w.length];
    for (int i = 0; i < x.length; i++) {
      xd[i] = x[i];
    }
    for (int i = 0; i < w.length; i++) {
      wd[i] = w[i];
    }
    double[] hd = new double[32 * 32];
    double[] dhd = new double[32 * 32];
    int[] found = {0};
    long allocated = ThreadAllocation.afterWarmUp(2000, 2000, () -> {
      Gemm.sgemmBias(false, true, 32, 32, 64, x, 0, 64, w, 0, 64, h, 0, 32, w, 2048, true);
      Gemm.sgemmMask(false, true, 32, 32, 64, x, 0, 64, w, 0, 64, dh, 0, 32, h, 0, 32);
      Gemm.dgemmBias(false, true, 32, 32, 64, xd, 0, 64, wd, 0, 64, hd, 0, 32, wd, 2048, true);
      Gemm.dgemmMask(false, true, 32, 32, 64, xd, 0, 64, wd, 0, 64, dhd, 0, 32, hd, 0, 32);
      found[0] += Scan.firstNonFinite(x, 0, x.length) + Scan.firstNonFinite(xd, 0, xd.length);
    });
    // found keeps the scans' results alive: -1 each, every value being finite.
    System.out.println("allocated=" + allocated + " found=" + found[0]);
  }
}
