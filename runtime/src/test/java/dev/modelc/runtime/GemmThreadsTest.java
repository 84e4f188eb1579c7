package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Products split across threads by {@link GemmThreads}: bit-for-bit the results of one thread,
 * whatever the thread count, shape, transposes and offsets; failures thrown on the caller; no
 * allocation once warm; the {@code modelc.threads} property, in child JVMs.
 *
 * <p>Most tests call {@link GemmThreads#sgemm} with an explicit thread count and a minimum of one
 * operation per thread, so that even small products are split, in every way the tiles allow.
 */
class GemmThreadsTest {

  private static final int[] SIZES = {1, 3, 4, 5, 9, 31, 32, 33, 47, 65, 130};
  private static final int[] DEPTHS = {1, 7, 129, 300};

  static Stream<Arguments> kernels() {
    return Stream.of(Arguments.of("plain", Gemm.plain()), Arguments.of("vector", Gemm.vector()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void sgemmGivesTheSameBitsForEveryThreadCount(String name, GemmKernel kernel) {
    Rng rng = new Rng(21);
    for (int t = 0; t < 4; t++) {
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : DEPTHS) {
            Product p = new Product(t >= 2, t % 2 == 1, m, n, k, rng);
            for (boolean accumulate : new boolean[] {false, true}) {
              float[] one = p.sgemm(kernel, 1, accumulate);
              for (int threads = 2; threads <= 4; threads++) {
                float[] many = p.sgemm(kernel, threads, accumulate);
                if (!Arrays.equals(one, many)) {
                  fail(p + ", accumulate=" + accumulate + ": " + threads
                      + " threads differ from one at index " + Arrays.mismatch(one, many));
                }
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void dgemmGivesTheSameBitsForEveryThreadCount(String name, GemmKernel kernel) {
    Rng rng = new Rng(22);
    for (int t = 0; t < 4; t++) {
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : DEPTHS) {
            Product p = new Product(t >= 2, t % 2 == 1, m, n, k, rng);
            for (boolean accumulate : new boolean[] {false, true}) {
              double[] one = p.dgemm(kernel, 1, accumulate);
              for (int threads = 2; threads <= 4; threads++) {
                double[] many = p.dgemm(kernel, threads, accumulate);
                if (!Arrays.equals(one, many)) {
                  fail(p + ", accumulate=" + accumulate + ": " + threads
                      + " threads differ from one at index " + Arrays.mismatch(one, many));
                }
              }
            }
          }
        }
      }
    }
  }

  /** The layer products of a 784-256-128-10 network at batch 128, through the public method. */
  @Test
  void layerProductsThroughTheDefaultThreadCount() {
    Rng rng = new Rng(23);
    int[][] shapes = {
      {0, 1, 128, 256, 784}, {0, 1, 128, 128, 256}, {0, 1, 128, 10, 128},
      {1, 0, 256, 784, 128}, {1, 0, 128, 256, 128}, {1, 0, 10, 128, 128},
      {0, 0, 128, 784, 256}, {0, 0, 128, 256, 128}, {0, 0, 128, 128, 10},
    };
    for (int[] s : shapes) {
      Product p = new Product(s[0] == 1, s[1] == 1, s[2], s[3], s[4], rng);
      float[] expected = p.sgemm(Gemm.vectorized() ? Gemm.vector() : Gemm.plain(), 1, false);
      float[] c = p.c.clone();
      Gemm.sgemm(p.transA, p.transB, p.m, p.n, p.k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb,
          c, p.cOff, p.ldc, false);
      assertArrayEquals(expected, c, p.toString());
    }
  }

  @Test
  void largeProductsAreSplitAcrossThePool() throws Exception {
    for (int threads = 2; threads <= 3; threads++) {
      // Each block waits until all have started, so each is computed by a different thread
      // whatever the order in which the threads get to run.
      Recording kernel = new Recording(Gemm.vector(), threads);
      Product p = new Product(false, true, 128, 256, 784, new Rng(24));
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
    Product p = new Product(false, true, 128, 256, 784, new Rng(25));
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
    Product p = new Product(false, false, 128, 784, 256, new Rng(26));
    assertSame(boom, assertThrows(IllegalStateException.class, () -> p.sgemm(kernel, 2, false)));
    // The worker survived, and the pool is free again.
    Recording next = new Recording(Gemm.vector(), 2);
    assertArrayEquals(p.sgemm(Gemm.vector(), 1, false), p.sgemm(next, 2, false));
    assertTrue(next.poolThreads() >= 1, next.names.toString());
  }

  @Test
  void aFailureInTheFirstBlockIsThrownAfterTheOthersFinish() {
    ArithmeticException boom = new ArithmeticException("boom");
    Product p = new Product(true, false, 256, 784, 128, new Rng(27));
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
    List<Product> products = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    Rng rng = new Rng(28);
    for (int t = 0; t < tasks; t++) {
      Product p = new Product(t % 2 == 1, t % 3 == 0, 96 + 8 * t, 200 - 16 * t, 150, rng);
      products.add(p);
      expected.add(p.sgemm(Gemm.vector(), 1, t % 2 == 0));
    }
    ExecutorService callers = Executors.newFixedThreadPool(tasks);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        Product p = products.get(t);
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
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(mx.isThreadAllocatedMemorySupported());
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
    long thread = Thread.currentThread().getId();
    long before = 0;
    for (int i = 0; i < 600; i++) {
      if (i == 300) {
        before = mx.getThreadAllocatedBytes(thread);
      }
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
    }
    long allocated = mx.getThreadAllocatedBytes(thread) - before;
    assertTrue(Float.isFinite(h[0]) && Float.isFinite(g[0]) && Double.isFinite(hd[0]));
    assertEquals(0, allocated, "bytes allocated by 300 rounds of split products");
  }

  @Test
  void threadCountFromTheProperty() {
    assertEquals(4, GemmThreads.parseThreads(null, 4));
    assertEquals(1, GemmThreads.parseThreads("1", 4));
    assertEquals(3, GemmThreads.parseThreads(" 3 ", 4));
    assertEquals(16, GemmThreads.parseThreads("16", 4));
    for (String invalid : new String[] {"", "0", "-2", "two", "2.5", "99999999999"}) {
      assertEquals(4, GemmThreads.parseThreads(invalid, 4), invalid);
    }
    assertEquals(GemmThreads.MAX_THREADS, GemmThreads.parseThreads("100000", 4));
    assertEquals(1, GemmThreads.parseThreads(null, 0));
  }

  /**
   * Child JVMs with 1, 2 and 3 threads, and with values that are not thread counts, compute the
   * same bits through the public methods; the pool has the threads the count asks for, daemons
   * that do not keep the JVM from exiting.
   */
  @Test
  void childJvmsAgreeWhateverTheProperty() throws Exception {
    int processors = Runtime.getRuntime().availableProcessors();
    String one = probe("-Dmodelc.threads=1");
    String crc = one.substring(one.indexOf(" crc="), one.indexOf(" pool="));
    assertEquals("threads=1" + crc + " pool=[]", one);
    assertEquals("threads=2" + crc + " pool=[modelc-gemm-1:daemon]", probe("-Dmodelc.threads=2"));
    assertEquals("threads=3" + crc + " pool=[modelc-gemm-1:daemon, modelc-gemm-2:daemon]",
        probe("-Dmodelc.threads=3"));
    for (String invalid : new String[] {"-Dmodelc.threads=lots", "-Dmodelc.threads=0"}) {
      String out = probe(invalid);
      assertTrue(out.startsWith("threads=" + processors + crc + " pool="), invalid + ": " + out);
    }
    String plain = probe("-Dmodelc.threads=2", "-Dmodelc.vector=false");
    String plainCrc = plain.substring(plain.indexOf(" crc="), plain.indexOf(" pool="));
    assertEquals("threads=1" + plainCrc + " pool=[]",
        probe("-Dmodelc.threads=1", "-Dmodelc.vector=false"));
  }

  static String probe(String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.addAll(List.of(options));
    command.add("-cp");
    command.add(location(Gemm.class) + File.pathSeparator + location(GemmThreadsProbe.class));
    command.add(GemmThreadsProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe did not exit: " + output);
    assertEquals(0, process.exitValue(), output);
    String[] lines = output.strip().split("\\R"); // the incubator warning comes first
    return lines[lines.length - 1];
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
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
  }

  /**
   * One product with random operands inside padded arrays, at random offsets and leading
   * dimensions; each call computes it afresh from the same C.
   */
  private static final class Product {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final int aOff;
    final int lda;
    final int bOff;
    final int ldb;
    final int cOff;
    final int ldc;
    final float[] a;
    final float[] b;
    final float[] c;
    final double[] ad;
    final double[] bd;
    final double[] cd;

    Product(boolean transA, boolean transB, int m, int n, int k, Rng rng) {
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      aOff = rng.nextInt(4);
      lda = (transA ? m : k) + rng.nextInt(3);
      bOff = rng.nextInt(4);
      ldb = (transB ? k : n) + rng.nextInt(3);
      cOff = rng.nextInt(4);
      ldc = n + rng.nextInt(3);
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

    @Override
    public String toString() {
      return String.format("transA=%b transB=%b m=%d n=%d k=%d aOff=%d lda=%d bOff=%d ldb=%d"
          + " cOff=%d ldc=%d", transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc);
    }
  }
}
