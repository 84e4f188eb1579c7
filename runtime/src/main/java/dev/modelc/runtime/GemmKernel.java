package dev.modelc.runtime;

/**
 * One implementation of the matrix products behind {@link Gemm}, which validates the arguments
 * before calling it; see {@link Gemm#sgemm} for the meaning of the parameters.
 */
interface GemmKernel {

  void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate);

  void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate);
}
