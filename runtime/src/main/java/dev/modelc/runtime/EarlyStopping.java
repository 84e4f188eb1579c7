package dev.modelc.runtime;

/**
 * A listener that stops training when the monitored loss has not improved by more than
 * {@code minDelta} for {@code patience} epochs, as a {@code train} block's
 * {@code early_stopping(patience, min_delta)} asks.
 *
 * <p>It monitors the validation loss, or the training loss when there is no validation set. On
 * every new best epoch it runs {@code onImprovement}, so the model can keep a copy of its best
 * parameters and restore them after {@link Fit#run} returns.
 */
public final class EarlyStopping implements TrainingListener {

  private final int patience;
  private final double minDelta;
  private final Runnable onImprovement;
  private double best = Double.POSITIVE_INFINITY;
  private int bestEpoch;
  private int epochsWithoutImprovement;

  /**
   * @param patience the number of epochs without improvement to tolerate, at least 1
   * @param minDelta how much lower than the best a loss must be to count as an improvement
   * @param onImprovement run after each epoch that sets a new best loss
   */
  public EarlyStopping(int patience, double minDelta, Runnable onImprovement) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, got " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("min_delta must be finite and >= 0, got " + minDelta);
    }
    this.patience = patience;
    this.minDelta = minDelta;
    this.onImprovement = onImprovement == null ? () -> {} : onImprovement;
  }

  @Override
  public void onEpoch(EpochReport report) {
    double loss = report.hasValidation() ? report.validationLoss() : report.trainLoss();
    // A NaN loss never improves on the best, so a diverging run stops after `patience` epochs.
    if (loss < best - minDelta) {
      best = loss;
      bestEpoch = report.epoch();
      epochsWithoutImprovement = 0;
      onImprovement.run();
    } else {
      epochsWithoutImprovement++;
    }
  }

  @Override
  public boolean stopRequested() {
    return epochsWithoutImprovement >= patience;
  }

  /** The best monitored loss so far; positive infinity before the first epoch. */
  public double bestLoss() {
    return best;
  }

  /** The 1-based epoch of the best loss, or 0 before the first epoch. */
  public int bestEpoch() {
    return bestEpoch;
  }
}
