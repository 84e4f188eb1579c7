package dev.modelc.runtime;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a numeric CSV file, plain or gzip-compressed, into a {@link Dataset}.
 *
 * <p>Fields are separated by commas and may be surrounded by spaces or double quotes. The first
 * row is a header, and skipped, when one of its fields is text that is not a number. Lines may
 * end in LF or CRLF, the file may start with a UTF-8 byte order mark, and blank lines are
 * ignored. Every row must have as many columns as the first. Anything else is reported as a
 * {@link DataFormatException} naming the file, line and column.
 */
public final class Csv {

  private static final int BUFFER = 1 << 16;

  private Csv() {}

  /** Reads {@code file} with the target in its last {@code targetSize} columns. */
  public static Dataset read(Path file, int targetSize) throws IOException {
    checkTargetSize(targetSize);
    return parse(file, -1, targetSize);
  }

  /**
   * Reads {@code file} with the target in the {@code targetSize} columns starting at the 0-based
   * column {@code targetColumn}; the other columns, in order, are the input.
   */
  public static Dataset read(Path file, int targetColumn, int targetSize) throws IOException {
    checkTargetSize(targetSize);
    if (targetColumn < 0) {
      throw new IllegalArgumentException("target column must be >= 0, got " + targetColumn);
    }
    return parse(file, targetColumn, targetSize);
  }

  private static void checkTargetSize(int targetSize) {
    if (targetSize < 1) {
      throw new IllegalArgumentException("target size must be at least 1, got " + targetSize);
    }
  }

  private static Dataset parse(Path file, int targetColumn, int targetSize) throws IOException {
    try (BufferedReader reader = open(file)) {
      return new Parser(file.toString(), targetColumn, targetSize).parse(reader);
    }
  }

  /** Opens the file as UTF-8 text, decompressing it when it starts with the gzip magic bytes. */
  private static BufferedReader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        in = new GZIPInputStream(in, BUFFER);
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
  }

  /** The state of one read: the expected column count, the target columns and the values. */
  private static final class Parser {
    private final String file;
    private final int requestedTargetColumn;
    private final int targetSize;
    private final List<String> fields = new ArrayList<>();
    private final Floats inputs = new Floats();
    private final Floats targets = new Floats();
    private int line;
    private int columns = -1;
    private int firstTarget;
    private int rows;

    Parser(String file, int targetColumn, int targetSize) {
      this.file = file;
      this.requestedTargetColumn = targetColumn;
      this.targetSize = targetSize;
    }

    Dataset parse(BufferedReader reader) throws IOException {
      String text;
      while ((text = nextLine(reader)) != null) {
        line++;
        if (line == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        split(text, fields);
        if (columns < 0) {
          layOut(fields.size());
          if (isHeader(fields)) {
            continue;
          }
        }
        if (fields.size() != columns) {
          throw error(0, "expected " + columns + " columns, found " + fields.size());
        }
        for (int c = 0; c < columns; c++) {
          float v = value(fields.get(c), c + 1);
          (c >= firstTarget && c < firstTarget + targetSize ? targets : inputs).add(v);
        }
        rows++;
      }
      if (rows == 0) {
        throw error(0, columns < 0 ? "the file is empty" : "no data rows after the header");
      }
      return Dataset.of(inputs.toArray(), targets.toArray(), columns - targetSize, targetSize);
    }

    private String nextLine(BufferedReader reader) throws IOException {
      try {
        return reader.readLine();
      } catch (ZipException | EOFException e) {
        line++;
        throw error(0, "corrupt gzip data: " + e.getMessage());
      }
    }

    /** Fixes the column count and the target columns from the first row. */
    private void layOut(int count) throws DataFormatException {
      columns = count;
      firstTarget = requestedTargetColumn < 0 ? count - targetSize : requestedTargetColumn;
      if (firstTarget < 0 || firstTarget + targetSize > count || count - targetSize < 1) {
        throw error(0, "found " + count + " columns, but the target needs columns "
            + (firstTarget + 1) + " to " + (firstTarget + targetSize)
            + " and at least one other column is needed for the input");
      }
    }

    private float value(String field, int column) throws DataFormatException {
      if (field.isEmpty()) {
        throw error(column, "empty field");
      }
      if (isNonFinite(field)) {
        throw error(column, "non-finite value \"" + field + "\"");
      }
      if (!isDecimal(field)) {
        throw error(column, "not a number: \"" + field + "\"");
      }
      float v = Float.parseFloat(field);
      if (Float.isInfinite(v)) {
        throw error(column, "value " + field + " is out of range for float");
      }
      return v;
    }

    private DataFormatException error(int column, String reason) {
      return new DataFormatException(file, Math.max(line, 1), column, reason);
    }
  }

  /** A header row has some text field that is not a number (an empty field is no evidence). */
  private static boolean isHeader(List<String> fields) {
    for (String f : fields) {
      if (!f.isEmpty() && !isDecimal(f) && !isNonFinite(f)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Splits a line at the commas outside double quotes; each field is stripped of surrounding
   * white space and its quotes, with {@code ""} inside quotes standing for one quote.
   */
  static void split(String line, List<String> out) {
    out.clear();
    if (line.indexOf('"') < 0) {
      int start = 0;
      for (int comma; (comma = line.indexOf(',', start)) >= 0; start = comma + 1) {
        out.add(line.substring(start, comma).strip());
      }
      out.add(line.substring(start).strip());
      return;
    }
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    out.add(field.toString().strip());
  }

  /** Whether {@code s} is a plain decimal number: sign, digits, optional point and exponent. */
  static boolean isDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int start = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    int digits = i - start;
    if (i < n && s.charAt(i) == '.') {
      int afterPoint = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      digits += i - afterPoint;
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponentStart = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == exponentStart) {
        return false;
      }
    }
    return i == n;
  }

  /** Whether {@code s} spells NaN or an infinity, which are numbers but not usable data. */
  static boolean isNonFinite(String s) {
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf")
        || t.equalsIgnoreCase("infinity");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A growable float array. */
  private static final class Floats {
    private float[] values = new float[1024];
    private int size;

    void add(float v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, Math.addExact(size, size >> 1));
      }
      values[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
