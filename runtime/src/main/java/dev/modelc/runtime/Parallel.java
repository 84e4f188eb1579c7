package dev.modelc.runtime;

/**
 * Element-wise passes split across the threads that large matrix products use ({@link Gemm}):
 * the same pool, the same {@code modelc.threads}, and the same results for every thread count,
 * since a {@link RangeTask}'s elements are independent of each other.
 */
public final class Parallel {
  /**
   * Elements worth giving a thread: below about this many, waking another thread costs about as
   * much as the work it would take over.
   */
  static final int MIN_PART = 16_384;

  private Parallel() {}

  /** Runs {@code task} over [0, length), split across up to {@link Gemm#threads()} threads. */
  public static void forRange(int length, RangeTask task) {
    if (length < 0) {
      throw new IllegalArgumentException(Messages.negativeLength(length));
    }
    GemmThreads.forRange(Gemm.threads(), MIN_PART, length, task);
  }
}
