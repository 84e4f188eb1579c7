package dev.modelc.compiler.cli;

import dev.modelc.runtime.EpochReport;
import dev.modelc.runtime.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows the progress of training: on a terminal, one live bar over all the steps of the run with
 * the epoch, the step, the loss so far, the metric and the time left; elsewhere (a pipe, a file,
 * CI) one plain line per epoch, so that logs stay readable.
 *
 * <pre>
 * epoch  12/60  loss 0.2811  accuracy 0.9467  0.01 s
 * </pre>
 */
final class Progress implements TrainingListener, AutoCloseable {
  private final PrintWriter out;
  private final PrintStream terminal;
  private final String task;
  private final int epochs;
  private final String metricName;
  private final DoubleSupplier computedMetric;
  private final List<Double> metrics = new ArrayList<>();
  private ProgressBar bar;
  private double epochLossSum;
  private String lastMetric = "";

  /**
   * @param terminal the terminal to draw the bar on, or null for plain lines on {@code out}
   * @param metricName the metric to show after each epoch, or null for none
   * @param computedMetric computes that metric when the model does not report it (accuracy of a
   *     model without a {@code metric} statement), or null when the model reports it
   */
  Progress(PrintWriter out, PrintStream terminal, String task, int epochs, String metricName,
      DoubleSupplier computedMetric) {
    this.out = out;
    this.terminal = terminal;
    this.task = task;
    this.epochs = epochs;
    this.metricName = metricName;
    this.computedMetric = computedMetric;
  }

  /** The metric shown after each epoch, in order; NaN entries when there is none. */
  List<Double> metrics() {
    return metrics;
  }

  @Override
  public void onBatch(int epoch, int step, int stepsPerEpoch, double loss) {
    if (terminal == null) {
      return;
    }
    if (bar == null) {
      // The bar spans every step of the run, so its estimate of the time left covers all epochs.
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax((long) epochs * stepsPerEpoch)
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
          .setUpdateIntervalMillis(100)
          .setConsumer(new ConsoleProgressBarConsumer(terminal))
          .build();
    }
    epochLossSum = step == 1 ? loss : epochLossSum + loss;
    bar.stepTo((long) (epoch - 1) * stepsPerEpoch + step);
    // The bar itself shows the step (of the whole run) and the time left; the message is kept short
    // because the library cuts the line at the terminal's width.
    bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d loss %.4f%s",
        epoch, epochs, epochLossSum / step, lastMetric));
  }

  @Override
  public void onEpoch(EpochReport report) {
    double metric = metricName == null ? Double.NaN
        : computedMetric != null ? computedMetric.getAsDouble() : report.metric();
    metrics.add(metric);
    String validation = report.hasValidation() ? "validation " : "";
    // Abbreviated for the bar, so that it fits in 80 columns beside the library's counts and times.
    lastMetric = metricName == null ? "" : String.format(Locale.ROOT, " %s%s %.4f",
        report.hasValidation() ? "val " : "", metricName.equals("accuracy") ? "acc" : metricName, metric);
    if (bar != null) {
      // The epoch's exact mean loss (batches weighted by their sizes), which the bar keeps when it ends.
      bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d loss %.4f%s",
          report.epoch(), epochs, report.trainLoss(), lastMetric));
    }
    if (terminal != null) {
      return;
    }
    int width = String.valueOf(epochs).length();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %s",
        report.epoch(), epochs, RunSummary.number(report.trainLoss())));
    if (report.hasValidation()) {
      line.append("  validation loss ").append(RunSummary.number(report.validationLoss()));
    }
    if (metricName != null) {
      line.append("  ").append(validation).append(metricName).append(' ').append(RunSummary.number(metric));
    }
    line.append(String.format(Locale.ROOT, "  %.2f s", report.elapsedNanos() / 1e9));
    out.println(line);
    out.flush();
  }

  /** Ends the bar, leaving its last state on the screen. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
