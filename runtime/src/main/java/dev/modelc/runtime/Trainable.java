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

  /** Called before each epoch (0-based), so that the model can set the epoch's learning rate. */
  default void startEpoch(int epoch) {}

  /** Called after each epoch (0-based) has run all its steps. */
  default void endEpoch(int epoch) {}

  /** The epochs this model has completed, which a restored checkpoint carries; {@link Fit} resumes from there. */
  default int epochsDone() {
    return 0;
  }

  /** The name of the model's metric, or null when it has none. */
  default String metricName() {
    return null;
  }

  /** The sum over the given examples of the per-example metric, in inference mode. */
  default double metricBatch(Dataset data, int[] order, int from, int count) {
    return Double.NaN;
  }

  /** Turns the mean of the per-example metric into the reported figure (the square root for rmse). */
  default double metricFinish(double mean) {
    return mean;
  }

  /** A copy of everything training changes (parameters, state, optimizer), for early stopping. */
  default Object snapshot() {
    return null;
  }

  /** Returns to a copy that {@link #snapshot()} made. */
  default void restore(Object snapshot) {}
}
