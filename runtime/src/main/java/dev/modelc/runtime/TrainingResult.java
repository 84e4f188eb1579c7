package dev.modelc.runtime;

import java.util.List;

/**
 * The outcome of {@link Fit#run}: the final losses and the per-epoch history.
 *
 * @param epochs the number of epochs run (fewer than configured when a listener stopped early)
 * @param trainLoss the last epoch's mean training loss; NaN when no epoch ran
 * @param validationLoss the last epoch's validation loss; NaN without a validation set or epoch
 * @param trainLosses the training loss of each epoch, in order
 * @param validationLosses the validation loss of each epoch (NaN entries without a validation
 *     set)
 */
public record TrainingResult(
    int epochs,
    double trainLoss,
    double validationLoss,
    List<Double> trainLosses,
    List<Double> validationLosses) {

  public TrainingResult {
    trainLosses = List.copyOf(trainLosses);
    validationLosses = List.copyOf(validationLosses);
    if (trainLosses.size() != epochs || validationLosses.size() != epochs) {
      throw new IllegalArgumentException("expected " + epochs + " losses per history, got "
          + trainLosses.size() + " and " + validationLosses.size());
    }
  }
}
