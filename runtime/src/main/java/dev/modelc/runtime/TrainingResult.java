package dev.modelc.runtime;

import java.util.List;

/**
 * The outcome of {@link Fit#run}: the final losses and the per-epoch history.
 *
 * @param epochs the number of epochs run (fewer than configured when training stopped early)
 * @param trainLoss the last epoch's mean training loss; NaN when no epoch ran
 * @param validationLoss the last epoch's validation loss; NaN without a validation set or epoch
 * @param trainLosses the training loss of each epoch, in order
 * @param validationLosses the validation loss of each epoch (NaN entries without a validation
 *     set)
 * @param metrics the metric after each epoch (NaN entries without a metric)
 * @param bestEpoch with early stopping, the 1-based epoch whose parameters the model holds after
 *     training; otherwise the last epoch run
 */
public record TrainingResult(
    int epochs,
    double trainLoss,
    double validationLoss,
    List<Double> trainLosses,
    List<Double> validationLosses,
    List<Double> metrics,
    int bestEpoch) {

  public TrainingResult {
    trainLosses = List.copyOf(trainLosses);
    validationLosses = List.copyOf(validationLosses);
    metrics = List.copyOf(metrics);
    if (trainLosses.size() != epochs || validationLosses.size() != epochs || metrics.size() != epochs) {
      throw new IllegalArgumentException("expected " + epochs + " entries per history, got "
          + trainLosses.size() + ", " + validationLosses.size() + " and " + metrics.size());
    }
  }

  /** A result without metrics, whose model holds the last epoch's parameters. */
  public TrainingResult(int epochs, double trainLoss, double validationLoss, List<Double> trainLosses,
      List<Double> validationLosses) {
    this(epochs, trainLoss, validationLoss, trainLosses, validationLosses,
        java.util.Collections.nCopies(epochs, Double.NaN), epochs);
  }

  /** The last epoch's metric; NaN without one. */
  public double metric() {
    return metrics.isEmpty() ? Double.NaN : metrics.get(metrics.size() - 1);
  }
}
