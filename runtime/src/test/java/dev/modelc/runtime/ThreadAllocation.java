package dev.modelc.runtime;

import java.lang.management.ManagementFactory;

/**
 * What the allocation tests measure: the bytes the calling thread allocates while it runs
 * {@code round} a number of times, after as many rounds again for the JIT to compile the code
 * under test (before then, Vector API code allocates its vectors). Free of JUnit, so that probes
 * in child JVMs use it too.
 */
final class ThreadAllocation {
  /** Measuring windows at most: see {@link #afterWarmUp}. */
  private static final int WINDOWS = 10;

  private ThreadAllocation() {}

  /**
   * Runs {@code round} {@code warm} times, then in windows of {@code measured} times until one
   * window allocates nothing, at most {@link #WINDOWS}, and returns the bytes the last window
   * allocated. Code that allocates does so in every window; a compilation that ends inside one
   * (a few dozen bytes, seen on a busy machine) does not recur.
   */
  static long afterWarmUp(int warm, int measured, Runnable round) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (!mx.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("this JVM does not count the bytes a thread allocates");
    }
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < warm; i++) {
      round.run();
    }
    long allocated = -1;
    for (int window = 0; window < WINDOWS && allocated != 0; window++) {
      long before = mx.getThreadAllocatedBytes(thread);
      for (int i = 0; i < measured; i++) {
        round.run();
      }
      allocated = mx.getThreadAllocatedBytes(thread) - before;
    }
    return allocated;
  }
}
