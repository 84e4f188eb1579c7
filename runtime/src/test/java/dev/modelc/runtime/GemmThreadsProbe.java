package dev.modelc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A program run in child JVMs by {@link GemmThreadsTest}, with {@code -Dmodelc.threads} set:
 * prints {@link Gemm#threads()}, a checksum of the bits of several products large enough to be
 * split, computed through the public methods (with and without epilogues), and the pool threads
 * that exist afterwards.
 */
public final class GemmThreadsProbe {

  private GemmThreadsProbe() {}

  /** (transA, transB, m, n, k): tall and wide shapes, sizes that are not multiples of tiles. */
  static final int[][] SHAPES = {
    {0, 1, 128, 256, 784}, {1, 0, 256, 784, 128}, {0, 0, 128, 784, 256},
    {1, 1, 67, 301, 129}, {0, 1, 301, 67, 129}, {1, 0, 203, 45, 517}, {0, 0, 45, 203, 517},
  };

  private static float[] concat(float[] x, float[] y) {
    float[] xy = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, xy, x.length, y.length);
    return xy;
  }

  public static void main(String[] args) {
    CRC32 crc = new CRC32();
    Rng rng = new Rng(11);
    for (int[] s : SHAPES) {
      boolean transA = s[0] == 1;
      boolean transB = s[1] == 1;
      int m = s[2];
      int n = s[3];
      int k = s[4];
      float[] a = new float[m * k];
      float[] b = new float[k * n];
      Init.uniform(a, 0, a.length, -1, 1, rng);
      Init.uniform(b, 0, b.length, -1, 1, rng);
      float[] c = new float[m * n];
      Gemm.sgemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n,
          c, 0, n, false);
      Gemm.sgemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n,
          c, 0, n, true);
      double[] ad = new double[a.length];
      double[] bd = new double[b.length];
      for (int i = 0; i < a.length; i++) {
        ad[i] = a[i] / 3.0;
      }
      for (int i = 0; i < b.length; i++) {
        bd[i] = b[i] / 7.0;
      }
      double[] cd = new double[m * n];
      Gemm.dgemm(transA, transB, m, n, k, ad, 0, transA ? m : k, bd, 0, transB ? k : n,
          cd, 0, n, false);
      // The epilogues: a layer's bias and relu, then the gradient through it masked by its output.
      float[] h = new float[m * n];
      Gemm.sgemmBias(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n,
          h, 0, n, c, 0, true);
      float[] dh = new float[m * n];
      Gemm.sgemmMask(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n,
          dh, 0, n, h, 0, n);
      double[] hd = new double[m * n];
      Gemm.dgemmBias(transA, transB, m, n, k, ad, 0, transA ? m : k, bd, 0, transB ? k : n,
          hd, 0, n, cd, 0, false);
      Gemm.dgemmMask(transA, transB, m, n, k, ad, 0, transA ? m : k, bd, 0, transB ? k : n,
          cd, 0, n, hd, 0, n);
      for (float x : concat(c, dh)) {
        int bits = Float.floatToRawIntBits(x);
        crc.update(bits);
        crc.update(bits >>> 8);
        crc.update(bits >>> 16);
        crc.update(bits >>> 24);
      }
      for (double x : cd) {
        long bits = Double.doubleToRawLongBits(x);
        for (int shift = 0; shift < 64; shift += 8) {
          crc.update((int) (bits >>> shift));
        }
      }
    }
    List<String> pool = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("modelc-gemm-")) {
        pool.add(t.getName() + (t.isDaemon() ? ":daemon" : ":user"));
      }
    }
    pool.sort(null);
    System.out.println("threads=" + Gemm.threads() + " crc=" + Long.toHexString(crc.getValue())
        + " pool=" + pool);
  }
}
