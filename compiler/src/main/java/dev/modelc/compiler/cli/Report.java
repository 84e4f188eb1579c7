package dev.modelc.compiler.cli;

import java.awt.AWTError;
import java.awt.Color;
import java.awt.HeadlessException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the report of a training run into a folder: {@code loss.png} (training and validation
 * loss per epoch), {@code metric.png} when there is a metric, and an {@code index.html} that shows
 * them beside the run's settings and final figures. Charts are drawn by XChart, without a display.
 */
final class Report {
  private Report() {}

  /** The per-epoch history to draw; NaN entries are epochs without that value. */
  record Curves(List<Double> trainLoss, List<Double> validationLoss, String metricName, List<Double> metric) {}

  /** Why the report could not be written; the message is meant for the user. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  /**
   * Writes the images and the page into {@code dir}, creating it when needed, and returns the page.
   *
   * @param settings what the run used, in the order to show, such as "epochs" → "60"
   * @param figures the final figures, such as "test accuracy" → "0.9667"
   */
  static Path write(Path dir, String title, Map<String, String> settings, Map<String, String> figures, Curves curves)
      throws Failure {
    // Must be set before AWT starts: XChart draws into images and needs no display.
    System.setProperty("java.awt.headless", "true");
    List<String> images = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      XYChart loss = chart("Loss", "loss");
      add(loss, "training", curves.trainLoss());
      add(loss, "validation", curves.validationLoss());
      logarithmicWhenUseful(loss, curves.trainLoss(), curves.validationLoss());
      save(loss, dir.resolve("loss.png"));
      images.add("loss.png");
      if (curves.metricName() != null && curves.metric().stream().anyMatch(v -> !v.isNaN())) {
        XYChart metric = chart(capitalized(curves.metricName()), curves.metricName());
        add(metric, curves.validationLoss().stream().anyMatch(v -> !v.isNaN()) ? "validation" : "training",
            curves.metric());
        save(metric, dir.resolve("metric.png"));
        images.add("metric.png");
      }
      Path page = dir.resolve("index.html");
      Files.writeString(page, html(title, settings, figures, images), StandardCharsets.UTF_8);
      return page;
    } catch (FileAlreadyExistsException e) {
      throw new Failure("cannot write the report into " + dir + ": it is a file, not a folder");
    } catch (IOException e) {
      throw new Failure("cannot write the report into " + dir + ": " + e.getMessage());
    } catch (AWTError | HeadlessException | LinkageError | InternalError e) {
      // Drawing needs Java's 2D graphics with fonts; a stripped-down Java may lack them.
      throw new Failure("cannot draw the report's charts with this Java (" + e + ")");
    }
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle("epoch").yAxisTitle(yTitle)
        .build();
    chart.getStyler()
        // Below the plot, where it covers no curve, whichever way the curves go.
        .setLegendPosition(LegendPosition.OutsideS)
        .setLegendLayout(LegendLayout.Horizontal)
        .setChartBackgroundColor(Color.WHITE)
        .setAntiAlias(true)
        .setMarkerSize(5);
    chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setSeriesColors(new Color[] {new Color(0x4477aa), new Color(0xcc3311)});
    return chart;
  }

  /** Adds a series of the epochs that have a value; draws markers only while they can be told apart. */
  private static void add(XYChart chart, String name, List<Double> values) {
    List<Integer> epochs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isNaN() && !values.get(i).isInfinite()) {
        epochs.add(i + 1);
        ys.add(values.get(i));
      }
    }
    if (ys.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, epochs, ys);
    if (ys.size() > 40) {
      series.setMarker(SeriesMarkers.NONE);
    }
  }

  /** A logarithmic loss axis when every loss is positive and they span more than a decade. */
  @SafeVarargs
  private static void logarithmicWhenUseful(XYChart chart, List<Double>... series) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (List<Double> values : series) {
      for (double v : values) {
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    chart.getStyler().setYAxisLogarithmic(min > 0 && max / min > 10);
  }

  private static void save(XYChart chart, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
  }

  private static String capitalized(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String html(String title, Map<String, String> settings, Map<String, String> figures,
      List<String> images) {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n")
        .append("body { font-family: sans-serif; margin: 2em; color: #222; }\n")
        .append("table { border-collapse: collapse; margin-bottom: 1.5em; }\n")
        .append("th, td { text-align: left; padding: 0.2em 1em 0.2em 0; vertical-align: top; }\n")
        .append("th { font-weight: normal; color: #666; }\n")
        .append("img { max-width: 100%; display: block; margin-bottom: 1em; }\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
    table(s, "Final figures", figures);
    for (String image : images) {
      String alt = image.startsWith("loss") ? "loss per epoch" : "metric per epoch";
      s.append("<img src=\"").append(image).append("\" alt=\"").append(alt).append("\">\n");
    }
    table(s, "Settings", settings);
    s.append("</body>\n</html>\n");
    return s.toString();
  }

  private static void table(StringBuilder s, String heading, Map<String, String> rows) {
    s.append("<h2>").append(escape(heading)).append("</h2>\n<table>\n");
    rows.forEach((key, value) -> s.append("<tr><th>").append(escape(key)).append("</th><td>")
        .append(escape(value)).append("</td></tr>\n"));
    s.append("</table>\n");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
