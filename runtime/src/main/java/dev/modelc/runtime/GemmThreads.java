package dev.modelc.runtime;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits large products across threads: the calling thread and daemon threads of a pool
 * ({@code modelc-gemm-1}, {@code modelc-gemm-2}, ...), created on the first product that needs
 * them and kept for the life of the JVM, each compute blocks of C.
 *
 * <p><b>Same bits for every thread count.</b> Only products for which
 * {@link GemmKernel#splits} holds are split, into blocks of whole rows or whole columns of C
 * that start at multiples of the micro-kernel's tile, each computed by
 * {@link GemmKernel#sgemmBlock} (or {@link GemmKernel#sgemmBlockShared}, below); those compute
 * every element of C with the instructions the single-threaded product uses, so the result
 * depends neither on how C is split nor on which thread computes which block.
 *
 * <p><b>Blocks are claimed, not assigned.</b> Each thread, the caller first, takes the next
 * block not yet taken until none is left, then the caller waits for the blocks others took. So
 * a worker that the operating system has not scheduled (another process has the core) delays
 * nothing it has not started: the caller computes its blocks. Otherwise, with as many blocks
 * as threads, each computes one. The pieces of a shared packing of B (below) are claimed the
 * same way.
 *
 * <p><b>One packing of B for blocks of rows.</b> Blocks of rows all read the whole of op(B),
 * which the Vector API kernel packs before it multiplies: a forward product X·Wᵀ transposes all
 * of W. For a float product split into blocks of rows whose kernel can share that packing
 * ({@link GemmKernel#sharedPanels}), the threads first pack op(B) together, each claiming pieces
 * as they claim blocks ({@link GemmSharedPack}), into one buffer of the pool; once every piece is
 * packed they compute the blocks, each reading op(B) from it and packing its own rows of A into
 * a part of the same buffer. The kernel multiplies the same values with the same instructions,
 * so the bits do not change; on two threads the 128 x 256 x 784 forward product of a 784-256
 * layer went from 1.43-1.50x to 1.80x the speed of one. Double products, blocks of columns, and
 * products whose op(B) exceeds {@link GemmSharedPack#MAX_SHARED} still pack their own.
 *
 * <p><b>No allocation.</b> One pool serves every product: the caller writes the product into
 * its {@link GemmProduct}, publishes it with the volatile write of {@link #state}, wakes the workers, and
 * waits for a counter. Waiting spins briefly, then parks. Nothing is allocated per product once
 * the pool and each thread's packing scratch exist, and once the pool's buffer for a shared
 * packing of B has grown to the largest such product (about 0.95 MB for the 128 x 256 x 784
 * one).
 *
 * <p><b>Concurrent callers.</b> The pool runs one product at a time. A caller that finds it
 * busy (another thread's product, as when several user threads train at once) computes its
 * product single-threaded instead of waiting: its results are the same either way, the cores are
 * already in use, and no caller can deadlock on the pool.
 *
 * <p><b>Failures.</b> An exception or error thrown while computing a block, in a worker or in
 * the caller, cancels the blocks not yet taken; once the others are done the caller throws it,
 * so the workers survive it and the caller never returns with part of C missing unannounced.
 */
final class GemmThreads {

  /** The most threads {@code modelc.threads} may ask for; larger values are taken as this. */
  static final int MAX_THREADS = 256;

  /**
   * Fewest floating-point operations (2·m·n·k) worth giving a thread: a product is split into at
   * most {@code 2·m·n·k / MIN_PART_FLOPS} blocks, so two threads start at twice this. Measured on
   * a 2-core AMD EPYC (Zen 4) with the Vector API.
   */
  static final long MIN_PART_FLOPS = 1L << 20;

  /** How long the caller spins for the other threads' blocks before it parks. */
  private static final long CALLER_SPIN_NANOS = 1_000_000;

  private static final Object CREATE = new Object();
  private static volatile GemmThreads pool;

  /** Held by the thread whose product the pool is running. */
  private final AtomicBoolean busy = new AtomicBoolean();
  /** The workers; grown only by the holder of {@link #busy}. */
  private GemmWorker[] workers = new GemmWorker[0];
  /**
   * The product's generation (bits 32-63), its next block not yet taken (16-31) and its number
   * of blocks (0-15). A block is taken by a compare-and-set from a value of the current
   * generation, which a thread still looking at an older product cannot win.
   */
  private final AtomicLong state = new AtomicLong();
  /** Blocks of the current product finished (or cancelled). */
  private final AtomicInteger done = new AtomicInteger();
  /** Whether the caller is parked, or about to park, waiting for {@link #done}. */
  private volatile boolean callerParked;
  /** An exception or error thrown while computing a block, for the caller to throw. */
  private volatile Throwable failure;

  // The job being run, written by the holder of busy before it publishes the job in state. A
  // thread that has taken a block reads them: they do not change until every block is done.
  private Thread caller;
  /** The job: a product (whose rows or columns are the range) or a caller's range task. */
  private RangeTask job;
  /** The length of the job's range, cut into {@link #blocks} of whole tiles. */
  private int extent;
  private int tile;
  private int tiles;
  private int blocks;
  /** The product the pool runs, reused for each. */
  private final GemmProduct product = new GemmProduct();
  /** The packing of op(B) a product's blocks of rows share: the job that makes it, its buffer. */
  private final GemmSharedPack pack = new GemmSharedPack();

  private GemmThreads() {}

  /**
   * The number of threads that {@code value}, the system property {@code modelc.threads}, asks
   * for: a whole number from 1 (single-threaded) up, at most {@link #MAX_THREADS}; anything else,
   * or no value, means {@code processors}.
   */
  static int parseThreads(String value, int processors) {
    int fallback = Math.max(1, Math.min(MAX_THREADS, processors));
    if (value == null) {
      return fallback;
    }
    int threads;
    try {
      threads = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
    return threads < 1 ? fallback : Math.min(threads, MAX_THREADS);
  }

  /**
   * C = op(A)·op(B) (+ C), then the epilogue, with up to {@code threads} threads, when {@code kernel} can split the
   * product and each thread gets at least {@code minPartFlops} of it; otherwise, or when the pool
   * is busy, {@code kernel.sgemm} on the calling thread. The arguments must have been checked.
   */
  static void sgemm(GemmKernel kernel, int threads, long minPartFlops,
      boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    int parts = parts(kernel, threads, minPartFlops, transA, transB, m, n, k);
    if (parts < 2 || !pool().runFloat(kernel, parts, transA, transB, m, n, k,
        a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, epilogue, e, eOff, lde)) {
      kernel.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
          accumulate, epilogue, e, eOff, lde);
    }
  }

  /** The double twin of {@link #sgemm}. */
  static void dgemm(GemmKernel kernel, int threads, long minPartFlops,
      boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    int parts = parts(kernel, threads, minPartFlops, transA, transB, m, n, k);
    if (parts < 2 || !pool().runDouble(kernel, parts, transA, transB, m, n, k,
        a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, epilogue, e, eOff, lde)) {
      kernel.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
          accumulate, epilogue, e, eOff, lde);
    }
  }

  /**
   * How many threads to give a product: at most {@code threads}, none with less than
   * {@code minPartFlops}; 1 when the kernel cannot split it. The tiles along the dimension
   * {@link GemmProduct#byRows} chooses may limit the count further.
   */
  static int parts(GemmKernel kernel, int threads, long minPartFlops,
      boolean transA, boolean transB, int m, int n, int k) {
    if (threads < 2) {
      return 1;
    }
    long byWork = 2L * m * n * k / Math.max(1, minPartFlops);
    if (byWork < 2 || !kernel.splits(transA, transB, m, n, k)) {
      return 1;
    }
    return (int) Math.min(threads, byWork);
  }

  /**
   * Elements of a range per tile when {@link #forRange} splits it: 256 bytes of floats, so no
   * two threads write the same cache line of arrays that start on one.
   */
  static final int RANGE_TILE = 64;

  /**
   * Runs {@code task} over [0, length) with up to {@code threads} threads, in pieces of at least
   * {@code minPart} elements that start at multiples of {@link #RANGE_TILE}; on the calling
   * thread alone when the range is too short to split or the pool is busy.
   */
  static void forRange(int threads, int minPart, int length, RangeTask task) {
    int parts = (int) Math.min(threads, length / Math.max(1, minPart));
    if (parts < 2 || !pool().runRanges(task, length, parts)) {
      task.run(0, length);
    }
  }

  private boolean runRanges(RangeTask task, int length, int parts) {
    if (!busy.compareAndSet(false, true)) {
      return false;
    }
    runBlocks(task, length, RANGE_TILE, parts);
    return true;
  }

  private static GemmThreads pool() {
    GemmThreads p = pool;
    if (p == null) {
      synchronized (CREATE) {
        p = pool;
        if (p == null) {
          p = new GemmThreads();
          pool = p;
        }
      }
    }
    return p;
  }

  private boolean runFloat(GemmKernel kernel, int parts, boolean transA, boolean transB,
      int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, float[] e, int eOff, int lde) {
    if (!busy.compareAndSet(false, true)) {
      return false;
    }
    product.floats(a, b, c, e);
    run(kernel, false, parts, transA, transB, m, n, k, aOff, lda, b, bOff, ldb, cOff, ldc,
        accumulate, epilogue, eOff, lde);
    return true;
  }

  private boolean runDouble(GemmKernel kernel, int parts, boolean transA, boolean transB,
      int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc, boolean accumulate,
      Epilogue epilogue, double[] e, int eOff, int lde) {
    if (!busy.compareAndSet(false, true)) {
      return false;
    }
    product.doubles(a, b, c, e);
    run(kernel, true, parts, transA, transB, m, n, k, aOff, lda, null, bOff, ldb, cOff, ldc,
        accumulate, epilogue, eOff, lde);
    return true;
  }

  /**
   * Runs the product whose arrays the caller, holding {@link #busy}, has just stored;
   * {@code fb} is B of a float product. When its blocks are rows that can share one packing of
   * op(B), the threads first pack op(B) together, each a part, and then compute the blocks from
   * it: otherwise each block would pack all of op(B) (a transposed W of a forward pass, say)
   * again.
   */
  private void run(GemmKernel kernel, boolean doubles, int parts, boolean transA,
      boolean transB, int m, int n, int k, int aOff, int lda, float[] fb, int bOff, int ldb,
      int cOff, int ldc, boolean accumulate, Epilogue epilogue, int eOff, int lde) {
    int rowTile = kernel.tileRows();
    int columnTile = kernel.tileColumns(doubles);
    boolean byRows = GemmProduct.byRows(m, n, rowTile, columnTile, parts);
    product.set(kernel, doubles, byRows, transA, transB, m, n, k, aOff, lda, bOff, ldb,
        cOff, ldc, accumulate, epilogue, eOff, lde);
    int pieces = !doubles && byRows ? kernel.sharedPanels(transA, transB, m, n, k) : 0;
    int size = pieces > 0 ? kernel.sharedSize(m, n, k) : 0;
    if (pieces > 0 && size <= GemmSharedPack.MAX_SHARED) {
      packShared(kernel, pieces, size, transB, n, k, fb, bOff, ldb, parts);
    }
    runBlocks(product, product.extent(), byRows ? rowTile : columnTile, parts);
  }

  /**
   * Packs op(B) of the product being run, in {@code pieces} pieces on up to {@code parts}
   * threads, into the pool's buffer grown to {@code size}, and has the product's blocks of rows
   * read it; on a failure releases the pool and throws.
   */
  private void packShared(GemmKernel kernel, int pieces, int size, boolean transB, int n, int k,
      float[] b, int bOff, int ldb, int parts) {
    try {
      pack.set(kernel, transB, n, k, b, bOff, ldb, size);
    } catch (Throwable t) {
      release(); // as when a worker cannot start: nothing was published
      throw t;
    }
    Throwable packing = runJob(pack, pieces, 1, parts);
    pack.clear();
    if (packing != null) {
      release();
      rethrow(packing);
    }
    product.shared(pack.packed());
  }

  /**
   * Makes sure {@code parts - 1} workers exist, as the holder of {@link #busy}; should starting
   * one fail, releases the pool and throws, with nothing published.
   */
  private void ensureWorkers(int parts) {
    if (workers.length < parts - 1) {
      try {
        grow(parts - 1);
      } catch (Throwable t) {
        release();
        throw t;
      }
    }
  }

  /**
   * Runs {@code job} over [0, extent), as the holder of {@link #busy}, in blocks of whole tiles:
   * publishes it, wakes the workers, computes blocks, waits for the rest, releases the pool, and
   * throws what failed.
   */
  private void runBlocks(RangeTask job, int extent, int tile, int parts) {
    Throwable thrown = runJob(job, extent, tile, parts);
    release();
    if (thrown != null) {
      rethrow(thrown);
    }
  }

  private static void rethrow(Throwable thrown) {
    if (thrown instanceof RuntimeException) {
      throw (RuntimeException) thrown;
    }
    if (thrown instanceof Error) {
      throw (Error) thrown;
    }
    throw new IllegalStateException(thrown); // kernels and tasks throw no checked exceptions
  }

  /**
   * Runs {@code job} over [0, extent) in blocks of whole tiles, as the holder of {@link #busy},
   * who keeps the pool: publishes it, wakes the workers, computes blocks and waits for the rest;
   * returns what failed, or null.
   */
  private Throwable runJob(RangeTask job, int extent, int tile, int parts) {
    ensureWorkers(parts);
    int tiles = (extent + tile - 1) / tile;
    int blocks = Math.min(parts, tiles);
    this.job = job;
    this.extent = extent;
    this.tile = tile;
    this.tiles = tiles;
    this.blocks = blocks;
    this.caller = Thread.currentThread();
    done.set(0);
    long generation = (state.get() >>> 32) + 1;
    state.set(generation << 32 | blocks); // publishes the fields; block 0 is next
    for (int i = 0; i < Math.min(parts, blocks) - 1; i++) {
      workers[i].post();
    }
    work();
    // Blocks taken by workers read the fields and arrays until they finish: wait for them.
    awaitBlocks(blocks);
    Throwable thrown = failure;
    failure = null;
    return thrown;
  }

  /** Drops the product, so the pool keeps none of the caller's arrays alive, and frees it. */
  private void release() {
    failure = null;
    product.clear();
    job = null;
    caller = null;
    busy.set(false);
  }

  /** Adds workers up to {@code count}, started and waiting for products. */
  private void grow(int count) {
    while (workers.length < count) {
      int i = workers.length;
      GemmWorker w = new GemmWorker(this);
      Thread t = new Thread(w, Messages.gemmThreadName(i + 1));
      t.setDaemon(true);
      // The pool outlives whatever code made it, so it must not keep its class loader alive.
      t.setContextClassLoader(null);
      w.thread = t;
      t.start();
      // Only started workers join the array, should starting a later one fail.
      GemmWorker[] grown = Arrays.copyOf(workers, i + 1);
      grown[i] = w;
      workers = grown;
    }
  }

  /**
   * Takes blocks of the current product and computes them until none is left: the caller's
   * share and the workers' alike. A failure cancels the blocks not yet taken.
   */
  void work() {
    while (true) {
      long s = state.get();
      int next = (int) (s >>> 16) & 0xFFFF;
      int count = (int) s & 0xFFFF;
      if (next >= count) {
        return;
      }
      if (!state.compareAndSet(s, s + (1 << 16))) {
        continue;
      }
      // This thread owns block next: the fields hold its product until the block is counted.
      Thread waiting = caller;
      int finished = 1;
      try {
        block(next);
      } catch (Throwable t) {
        failure = t;
        finished += cancel(s + (1 << 16));
      }
      if (done.addAndGet(finished) == count && callerParked) {
        LockSupport.unpark(waiting);
      }
    }
  }

  /**
   * Takes every block not yet taken of the product whose state was {@code s} or later, so none
   * is computed; returns how many.
   */
  private int cancel(long s) {
    while (true) {
      int next = (int) (s >>> 16) & 0xFFFF;
      int count = (int) s & 0xFFFF;
      if ((s >>> 32) != (state.get() >>> 32) || next >= count) {
        return 0;
      }
      if (state.compareAndSet(s, (s & ~0xFFFF0000L) | (long) count << 16)) {
        return count - next;
      }
      s = state.get();
    }
  }

  /** Runs block {@code index} of the current job. */
  private void block(int index) {
    job.run((int) ((long) index * tiles / blocks) * tile,
        Math.min(extent, (int) ((long) (index + 1) * tiles / blocks) * tile));
  }

  /** Waits, as the caller, until every block of the current product is done or cancelled. */
  private void awaitBlocks(int count) {
    if (done.get() == count) {
      return;
    }
    long start = System.nanoTime();
    while (done.get() != count) {
      if (System.nanoTime() - start < CALLER_SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        // The flag is set before the last look at done, and a worker adds to done before it
        // reads the flag: one of the two sees the other, so no wake-up is lost.
        callerParked = true;
        if (done.get() != count) {
          LockSupport.park(this);
        }
        callerParked = false;
      }
    }
  }
}
