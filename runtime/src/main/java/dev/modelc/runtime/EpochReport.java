package dev.modelc.runtime;

/**
 * What {@link Fit} reports to listeners at the end of each epoch.
 *
 * @param epoch the epoch just finished, 1-based
 * @param epochs the number of epochs configured
 * @param trainLoss the mean training loss over the epoch's examples (each batch's loss is
 *     weighted by its number of examples, and taken before that batch's step)
 * @param validationLoss the mean loss over the validation set after the epoch, in inference
 *     mode; NaN when there is no validation set
 * @param metricName the model's metric ({@code accuracy}, {@code mae}, {@code rmse}), or null
 * @param metric the metric after the epoch, in inference mode, over the validation set when there
 *     is one and the training set otherwise; NaN without a metric
 * @param elapsedNanos the wall-clock time of the epoch, validation included
 */
public record EpochReport(int epoch, int epochs, double trainLoss, double validationLoss, String metricName,
    double metric, long elapsedNanos) {

  /** A report without a metric. */
  public EpochReport(int epoch, int epochs, double trainLoss, double validationLoss, long elapsedNanos) {
    this(epoch, epochs, trainLoss, validationLoss, null, Double.NaN, elapsedNanos);
  }

  /** Whether the report carries a validation loss. */
  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }
}
