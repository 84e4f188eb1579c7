package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pool of {@link GemmThreads} at work: blocks on different threads, failures thrown on the
 * caller with the pool left usable, concurrent callers, no allocation once warm.
 */
class GemmPoolTest {

  @Test
  void largeProductsAreSplitAcrossThePool() throws Exception {
    for (int threads = 2; threads <= 3; threads++) {
      // Each block waits until all have started, so each is computed by a different thread
      // whatever the order in which the threads get to run.
      Recording kernel = new Recording(Gemm.vector(), threads);
      SplitProduct p = new SplitProduct(false, true, 128, 256, 784, new Rng(24));
      float[] expected = p.sgemm(Gemm.vector(), 1, false);
      assertArrayEquals(expected, p.sgemm(kernel, threads, false));
      assertTrue(kernel.started.await(0, TimeUnit.SECONDS), "the blocks did not all start");
      // Any pool thread may take a block, one woken for an earlier product too if it wakes
      // late, and then the caller may find no block left to take.
      assertEquals(threads, kernel.names.size(), kernel.names.toString());
      assertTrue(kernel.poolThreads() >= threads - 1, kernel.names.toString());
    }
  }

  @Test
  void badArgumentsAreThrownOnTheCaller() {
    float[] a = new float[128 * 784];
    float[] b = new float[256 * 784];
    float[] c = new float[128 * 256];
    Gemm.sgemm(false, true, 128, 256, 784, a, 0, 784, b, 0, 784, c, 0, 256, false);
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.sgemm(false, true, 128, 256, 784, a, 1, 784, b, 0, 784, c, 0, 256, false));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.sgemm(false, true, 128, 256, 784, a, 0, 784, b, 0, 784, c, 0, 257, false));
    assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, true, 128, 256, 784, a, 0, 783, b, 0, 784, c, 0, 256, false));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Gemm.dgemm(true, false, 256, 784, 128, new double[128 * 256], 0, 256,
            new double[128 * 784 - 1], 0, 784, new double[256 * 784], 0, 784, false));
    // The pool is free again and still computes products.
    SplitProduct p = new SplitProduct(false, true, 128, 256, 784, new Rng(25));
    assertArrayEquals(p.sgemm(Gemm.vector(), 1, false), p.sgemm(Gemm.vector(), 2, false));
  }

  @Test
  void aWorkersFailureIsThrownOnTheCaller() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    // Two blocks on two threads, so at least one of them on a pool thread.
    Recording kernel = new Recording(Gemm.vector(), 2) {
      @Override
      void afterStart(int cOff) {
        if (Thread.currentThread().getName().startsWith("modelc-gemm-")) {
          throw boom;
        }
      }
    };
    SplitProduct p = new SplitProduct(false, false, 128, 784, 256, new Rng(26));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> p.sgemm(kernel, 2, false)));
    // The worker survived, and the pool is free again.
    Recording next = new Recording(Gemm.vector(), 2);
    assertArrayEquals(p.sgemm(Gemm.vector(), 1, false), p.sgemm(next, 2, false));
    assertTrue(next.poolThreads() >= 1, next.names.toString());
  }

  @Test
  void aFailureWhilePackingTheSharedBIsThrownOnTheCaller() {
    SplitProduct p = new SplitProduct(false, true, 128, 256, 784, new Rng(28));
    assertTrue(Gemm.vector().sharedPanels(false, true, 128, 256, 784) > 0);
    IllegalStateException boom = new IllegalStateException("boom");
    Recording kernel = new Recording(Gemm.vector(), 2) {
      @Override
      void beforePacking(int from) {
        if (from > 0) {
          throw boom;
        }
      }
    };
    assertSame(boom, assertThrows(IllegalStateException.class, () -> p.sgemm(kernel, 2, false)));
    assertEquals(2, kernel.started.getCount(), "no block of rows started after the packing failed");
    // The pool is free again, and packs and computes the next product.
    assertArrayEquals(p.sgemm(Gemm.vector(), 1, false), p.sgemm(Gemm.vector(), 2, false));
  }

  @Test
  void aFailureInTheFirstBlockIsThrownAfterTheOthersFinish() {
    ArithmeticException boom = new ArithmeticException("boom");
    SplitProduct p = new SplitProduct(true, false, 256, 784, 128, new Rng(27));
    Recording kernel = new Recording(Gemm.plain(), 2) {
      @Override
      void afterStart(int cOff) {
        if (cOff == p.cOff) {
          throw boom;
        }
      }
    };
    assertSame(boom, assertThrows(ArithmeticException.class, () -> p.dgemm(kernel, 2, false)));
    assertArrayEquals(p.dgemm(Gemm.plain(), 1, false), p.dgemm(Gemm.plain(), 2, false));
  }

  @Test
  void concurrentCallersGetTheirOwnResults() throws Exception {
    int tasks = 6;
    List<SplitProduct> products = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    Rng rng = new Rng(28);
    for (int t = 0; t < tasks; t++) {
      SplitProduct p = new SplitProduct(t % 2 == 1, t % 3 == 0, 96 + 8 * t, 200 - 16 * t, 150, rng);
      products.add(p);
      expected.add(p.sgemm(Gemm.vector(), 1, t % 2 == 0));
    }
    ExecutorService callers = Executors.newFixedThreadPool(tasks);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        SplitProduct p = products.get(t);
        boolean accumulate = t % 2 == 0;
        results.add(callers.submit(() -> {
          float[] c = null;
          for (int repeat = 0; repeat < 30; repeat++) {
            c = p.sgemm(Gemm.vector(), 2, accumulate);
          }
          return c;
        }));
      }
      for (int t = 0; t < tasks; t++) {
        assertArrayEquals(expected.get(t), results.get(t).get(), products.get(t).toString());
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void splitProductsAllocateNothingOnceWarm() {
    float[] x = new float[128 * 784];
    float[] w = new float[256 * 784];
    float[] h = new float[128 * 256];
    float[] g = new float[256 * 784];
    double[] xd = new double[128 * 256];
    double[] wd = new double[128 * 256];
    double[] hd = new double[128 * 128];
    Init.uniform(x, 0, x.length, -1, 1, new Rng(29));
    Init.uniform(w, 0, w.length, -1, 1, new Rng(30));
    Arrays.fill(xd, 0.5);
    Arrays.fill(wd, 0.25);
    GemmKernel kernel = Gemm.vectorized() ? Gemm.vector() : Gemm.plain();
    long allocated = ThreadAllocation.afterWarmUp(300, 300, () -> {
      // Forward and weight-gradient products of a 784-256 layer, split in two and in three,
      // and through the public methods with the default thread count.
      GemmThreads.sgemm(kernel, 2, GemmThreads.MIN_PART_FLOPS,
          false, true, 128, 256, 784, x, 0, 784, w, 0, 784, h, 0, 256, false,
          Epilogue.NONE, null, 0, 0);
      GemmThreads.sgemm(kernel, 3, GemmThreads.MIN_PART_FLOPS,
          true, false, 256, 784, 128, h, 0, 256, x, 0, 784, g, 0, 784, false,
          Epilogue.NONE, null, 0, 0);
      Gemm.sgemm(false, true, 128, 256, 784, x, 0, 784, w, 0, 784, h, 0, 256, false);
      GemmThreads.dgemm(kernel, 2, GemmThreads.MIN_PART_FLOPS,
          false, true, 128, 128, 256, xd, 0, 256, wd, 0, 256, hd, 0, 128, false,
          Epilogue.NONE, null, 0, 0);
    });
    assertTrue(Float.isFinite(h[0]) && Float.isFinite(g[0]) && Double.isFinite(hd[0]));
    assertEquals(0, allocated, "bytes allocated by 300 rounds of split products");
  }

  /**
   * A kernel that records which threads compute blocks. Each block waits (for at most ten
   * seconds) until {@code blocks} blocks have started, so that a thread cannot take two of them.
   */
  private static class Recording implements GemmKernel {
    final GemmKernel inner;
    final CountDownLatch started;
    final Set<String> names = ConcurrentHashMap.newKeySet();

    Recording(GemmKernel inner, int blocks) {
      this.inner = inner;
      this.started = new CountDownLatch(blocks);
    }

    /** How many threads of the pool computed blocks. */
    int poolThreads() {
      return (int) names.stream().filter(name -> name.startsWith("modelc-gemm-")).count();
    }

    /** Called in each block, given its offset in C, once all have started; may throw. */
    void afterStart(int cOff) {}

    private void enter(int cOff) {
      names.add(Thread.currentThread().getName());
      started.countDown();
      try {
        started.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      afterStart(cOff);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
        int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
        Epilogue epilogue, float[] e, int eOff, int lde) {
      throw new AssertionError("the product should have been split");
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff,
        int lda, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate,
        Epilogue epilogue, double[] e, int eOff, int lde) {
      throw new AssertionError("the product should have been split");
    }

    @Override
    public boolean splits(boolean transA, boolean transB, int m, int n, int k) {
      return inner.splits(transA, transB, m, n, k);
    }

    @Override
    public int tileRows() {
      return inner.tileRows();
    }

    @Override
    public int tileColumns(boolean doubles) {
      return inner.tileColumns(doubles);
    }

    @Override
    public void sgemmBlock(boolean transA, boolean transB, int m, int n, int k, float[] a,
        int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
        boolean accumulate, Epilogue epilogue, float[] e, int eOff, int lde) {
      enter(cOff);
      inner.sgemmBlock(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
          accumulate, epilogue, e, eOff, lde);
    }

    @Override
    public void dgemmBlock(boolean transA, boolean transB, int m, int n, int k, double[] a,
        int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
        boolean accumulate, Epilogue epilogue, double[] e, int eOff, int lde) {
      enter(cOff);
      inner.dgemmBlock(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
          accumulate, epilogue, e, eOff, lde);
    }

    /** Called as each range of pieces of a shared packing of B starts; may throw. */
    void beforePacking(int from) {}

    @Override
    public int sharedPanels(boolean transA, boolean transB, int m, int n, int k) {
      return inner.sharedPanels(transA, transB, m, n, k);
    }

    @Override
    public int sharedSize(int m, int n, int k) {
      return inner.sharedSize(m, n, k);
    }

    @Override
    public void packShared(boolean transB, int n, int k, float[] b, int bOff, int ldb,
        float[] shared, int from, int to) {
      names.add(Thread.currentThread().getName());
      beforePacking(from);
      inner.packShared(transB, n, k, b, bOff, ldb, shared, from, to);
    }

    @Override
    public void sgemmBlockShared(boolean transA, boolean transB, int m, int n, int k,
        float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
        boolean accumulate, Epilogue epilogue, float[] e, int eOff, int lde, float[] shared,
        int rows, int first) {
      enter(cOff);
      inner.sgemmBlockShared(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
          accumulate, epilogue, e, eOff, lde, shared, rows, first);
    }
  }
}
