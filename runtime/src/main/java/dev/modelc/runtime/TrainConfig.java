package dev.modelc.runtime;

/**
 * The settings of the training loop run by {@link Fit}.
 *
 * @param batch the number of examples per optimizer step; the last batch of an epoch may be
 *     smaller
 * @param epochs the number of passes over the training set
 * @param seed seeds the shuffling of the training set
 * @param shuffle whether each epoch visits the examples in a fresh random order
 */
public record TrainConfig(int batch, int epochs, long seed, boolean shuffle) {

  public TrainConfig {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
    }
  }

  /** What a {@code train} block that sets nothing means: batch 32, 10 epochs, seed 0, shuffled. */
  public static TrainConfig defaults() {
    return new TrainConfig(32, 10, 0, true);
  }
}
