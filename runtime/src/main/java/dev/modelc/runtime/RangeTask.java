package dev.modelc.runtime;

/**
 * Work over a range of indices whose elements are independent, such as an optimizer step over the
 * flat parameter arrays: any split of the range into pieces, run on any threads, gives the same
 * result as one call over all of it.
 */
@FunctionalInterface
public interface RangeTask {
  /** Does the work for the indices from {@code from} (inclusive) to {@code to} (exclusive). */
  void run(int from, int to);
}
