package dev.modelc.compiler.cli;

import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.runtime.Csv;
import dev.modelc.runtime.DataFormatException;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.Idx;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the data sets of {@code modelc train} (CSV, or IDX images with IDX labels) and checks them
 * against the model before training starts: the width of an example, and class indices in range.
 * Problems are reported as {@code location: error: message}, with the location a file and line
 * for CSV and a file and record for IDX.
 */
final class TrainingData {
  private TrainingData() {}

  /** A problem with a data file, its message ready to print. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    Problem(String message) {
      super(message);
    }
  }

  /**
   * Reads one data set: CSV when {@code labels} is null, with the target in the columns starting at
   * the 1-based {@code targetColumn} (the last columns when null); IDX images and labels otherwise.
   */
  static Dataset read(Path data, Path labels, Integer targetColumn, ModelIr model) throws Problem {
    try {
      return labels == null ? csv(data, targetColumn, model) : idx(data, labels, model);
    } catch (DataFormatException e) {
      throw new Problem(render(e));
    } catch (NoSuchFileException e) {
      throw new Problem("modelc: file not found: " + e.getFile());
    } catch (IOException e) {
      throw new Problem("modelc: cannot read " + (labels == null ? data : data + " or " + labels) + ": "
          + e.getMessage());
    }
  }

  private static Dataset csv(Path file, Integer targetColumn, ModelIr model) throws Problem, IOException {
    int inputs = model.inputShape().size();
    int targets = model.targetSize();
    Dataset d = targetColumn == null ? Csv.read(file, targets) : Csv.read(file, targetColumn - 1, targets);
    if (d.inputSize() != inputs) {
      int columns = d.inputSize() + d.targetSize();
      throw new Problem(file + ":" + lineOfRow(file, d.size(), 0) + ": error: the rows have " + columns
          + " columns, but model " + model.name() + " needs " + (inputs + targets) + ": " + inputs
          + " input values and " + describeTarget(model));
    }
    int column = targetColumn == null ? columnsOf(d) - targets + 1 : targetColumn;
    int bad = firstBadLabel(d, model);
    if (bad >= 0) {
      throw new Problem(file + ":" + lineOfRow(file, d.size(), bad) + ":" + column + ": error: "
          + badLabel(d, bad, model));
    }
    return d;
  }

  private static Dataset idx(Path images, Path labels, ModelIr model) throws Problem, IOException {
    if (model.targetSize() != 1) {
      throw new Problem(labels + ": error: an IDX labels file holds one value per example, but the target of model "
          + model.name() + " has " + model.targetSize());
    }
    Dataset d = Idx.read(images, labels);
    if (d.inputSize() != model.inputShape().size()) {
      throw new Problem(images + ": error: each image has " + d.inputSize() + " values, but model "
          + model.name() + " takes " + model.inputShape().size() + " inputs " + model.inputShape());
    }
    int bad = firstBadLabel(d, model);
    if (bad >= 0) {
      throw new Problem(labels + ": record " + (bad + 1) + ": error: " + badLabel(d, bad, model));
    }
    return d;
  }

  private static String describeTarget(ModelIr model) {
    return model.classes() > 0 ? "1 target (a class index from 0 to " + (model.classes() - 1) + ")"
        : model.targetSize() + (model.targetSize() == 1 ? " target value" : " target values");
  }

  private static int columnsOf(Dataset d) {
    return d.inputSize() + d.targetSize();
  }

  /** The first example whose target is not a class index of the model, or -1 (always for real targets). */
  private static int firstBadLabel(Dataset d, ModelIr model) {
    if (model.classes() == 0) {
      return -1;
    }
    float[] y = d.targets();
    for (int i = 0; i < d.size(); i++) {
      if (!(y[i] >= 0 && y[i] < model.classes() && y[i] == Math.rint(y[i]))) {
        return i;
      }
    }
    return -1;
  }

  private static String badLabel(Dataset d, int example, ModelIr model) {
    float label = d.targets()[example];
    String text = label == Math.rint(label) ? String.valueOf((long) label) : String.valueOf(label);
    return "the target " + text + " is not a class of model " + model.name() + ", whose classes are 0 to "
        + (model.classes() - 1);
  }

  /**
   * The 1-based line of the 0-based data row {@code row} of a CSV file of {@code rows} rows.
   * Every non-blank line is a row, except a header: so there is one exactly when the file has one
   * more non-blank line than rows. Read again only to report a problem.
   */
  static int lineOfRow(Path file, int rows, int row) throws IOException {
    int line = 0;
    int nonBlank = 0;
    int atRow = 0;
    int atNext = 0;
    try (BufferedReader reader = open(file)) {
      for (String text; (text = reader.readLine()) != null; ) {
        line++;
        if (text.replace("\uFEFF", "").isBlank()) {
          continue;
        }
        if (nonBlank == row) {
          atRow = line;
        } else if (nonBlank == row + 1) {
          atNext = line;
        }
        nonBlank++;
      }
    }
    return nonBlank == rows + 1 ? atNext : atRow;
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
  }

  /**
   * A reader's error in the form of a compiler's: {@code file:line:column: error: reason} for CSV,
   * {@code file: record n: error: reason} for IDX.
   */
  static String render(DataFormatException e) {
    String message = e.getMessage();
    String[] prefixes = {
      e.file() + ":" + e.line() + ":" + (e.column() > 0 ? e.column() + ":" : "") + " ",
      e.file() + ": " + (e.line() == 0 ? "header" : "record " + e.line()) + ": ",
    };
    for (String prefix : prefixes) {
      if (message.startsWith(prefix)) {
        return prefix + "error: " + message.substring(prefix.length());
      }
    }
    return e.file() + ": error: " + message;
  }
}
