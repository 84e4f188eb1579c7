package dev.modelc.runtime;

/**
 * The settings of the training loop run by {@link Fit}.
 *
 * @param batch the number of examples per optimizer step; the last batch of an epoch may be
 *     smaller
 * @param epochs the number of passes over the training set
 * @param seed seeds the shuffling of the training set and the validation split
 * @param shuffle whether each epoch visits the examples in a fresh random order
 * @param validation the fraction of the training set held out for validation when no validation
 *     set is given, in [0, 1)
 * @param patience early stopping: the epochs without improvement of the validation loss (the
 *     training loss without one) after which training stops and the best parameters are restored;
 *     0 for none
 * @param minDelta how much lower than the best a loss must be to count as an improvement
 */
public record TrainConfig(int batch, int epochs, long seed, boolean shuffle, double validation, int patience,
    double minDelta) {

  public TrainConfig {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
    }
    if (!(validation >= 0 && validation < 1)) {
      throw new IllegalArgumentException("validation must be in [0, 1), got " + validation);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be at least 0, got " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("min_delta must be finite and >= 0, got " + minDelta);
    }
  }

  /** Batches, epochs, seed and shuffling, with no validation split and no early stopping. */
  public TrainConfig(int batch, int epochs, long seed, boolean shuffle) {
    this(batch, epochs, seed, shuffle, 0, 0, 0);
  }

  /** What a {@code train} block that sets nothing means: batch 32, 10 epochs, seed 0, shuffled. */
  public static TrainConfig defaults() {
    return new TrainConfig(32, 10, 0, true);
  }
}
