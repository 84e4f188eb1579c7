package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

/**
 * What the allocation tests measure: the bytes the calling thread allocates while it runs
 * {@code round} a number of times, after as many rounds again for the JIT to compile the code
 * under test (before then, Vector API code allocates its vectors).
 */
final class ThreadAllocation {
  private ThreadAllocation() {}

  /** Runs {@code round} {@code warm} times, then {@code measured} times, and returns the bytes the latter allocated. */
  static long afterWarmUp(int warm, int measured, Runnable round) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(mx.isThreadAllocatedMemorySupported());
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < warm; i++) {
      round.run();
    }
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < measured; i++) {
      round.run();
    }
    return mx.getThreadAllocatedBytes(thread) - before;
  }
}
