package dev.modelc.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * One thread of the {@link GemmThreads} pool: waits to be woken, takes blocks while there are any,
 * and waits again.
 */
final class GemmWorker implements Runnable {
  /**
   * How long an idle worker spins for the next product before it parks: products in a training
   * step follow each other within tens of microseconds, and waking a parked thread costs about
   * as much as a small product.
   */
  private static final long WORKER_SPIN_NANOS = 200_000;

  private final GemmThreads pool;
  /** This worker's thread, set by the pool before it starts. */
  Thread thread;
  /** Incremented by each caller that wakes this worker. */
  private volatile int posted;
  /** The last value of posted this worker has seen; the worker's own. */
  private int seen;
  private volatile boolean parked;

  GemmWorker(GemmThreads pool) {
    this.pool = pool;
  }

  /** Called by the holder of busy, after publishing a product: wakes this worker. */
  void post() {
    posted = posted + 1;
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public void run() {
    while (true) {
      await();
      pool.work();
    }
  }

  private void await() {
    long start = System.nanoTime();
    while (posted == seen) {
      if (System.nanoTime() - start < WORKER_SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        // As in awaitBlocks: the flag is set before the last look at posted, and post()
        // writes posted before it reads the flag.
        parked = true;
        if (posted == seen) {
          LockSupport.park(this);
        }
        parked = false;
        Thread.interrupted(); // no one should interrupt a pool thread; do not spin if they do
      }
    }
    seen = posted;
  }
}
