package dev.modelc.runtime;

/**
 * A model that {@link Fit} can train: generated model classes implement it, gathering each batch
 * from a {@link Dataset} into their own buffers.
 */
public interface Trainable {

  /** The number of input floats per example. */
  int inputSize();

  /** The number of target floats per example. */
  int targetSize();

  /**
   * Gathers the examples {@code order[from], …, order[from + count - 1]} of {@code data}, takes
   * one optimizer step on them, and returns their mean loss (computed before the step).
   */
  double trainBatch(Dataset data, int[] order, int from, int count);

  /**
   * Returns the mean loss of the examples {@code order[from], …, order[from + count - 1]} of
   * {@code data} in inference mode, without computing gradients or changing any state.
   */
  double lossBatch(Dataset data, int[] order, int from, int count);
}
