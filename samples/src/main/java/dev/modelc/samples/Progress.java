package dev.modelc.samples;

import dev.modelc.runtime.EpochReport;
import dev.modelc.runtime.TrainingListener;

/** Prints a line of training progress every few epochs: losses, the model's metric and the time taken. */
final class Progress implements TrainingListener {
  private final int every;
  private final String heldOut;

  /**
   * @param every print every this many epochs, and the last one
   * @param heldOut what the held-out set reported after each epoch is, such as {@code validation}
   */
  Progress(int every, String heldOut) {
    this.every = every;
    this.heldOut = heldOut;
  }

  @Override
  public void onEpoch(EpochReport report) {
    if (report.epoch() % every != 0 && report.epoch() != report.epochs()) {
      return;
    }
    StringBuilder line = new StringBuilder(
        String.format("epoch %4d/%d  train loss %s", report.epoch(), report.epochs(), loss(report.trainLoss())));
    if (report.hasValidation()) {
      line.append(String.format("  %s loss %s", heldOut, loss(report.validationLoss())));
    }
    if (report.metricName() != null) {
      // The runtime measures the metric on the held-out set when there is one.
      String on = report.hasValidation() ? heldOut : "train";
      line.append(String.format("  %s %s %.4f", on, report.metricName(), report.metric()));
    }
    line.append(String.format("  %.2f s", report.elapsedNanos() / 1e9));
    System.out.println(line);
  }

  /** Four decimals, or four significant digits for a loss too small for them (XOR's ends near 1e-9). */
  static String loss(double value) {
    return value != 0 && Math.abs(value) < 1e-3 ? String.format("%.3e", value) : String.format("%.4f", value);
  }
}
