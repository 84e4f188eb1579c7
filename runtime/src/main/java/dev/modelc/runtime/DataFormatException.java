package dev.modelc.runtime;

import java.io.IOException;

/**
 * A data file that cannot be read as a data set; the message starts with
 * {@code file:line:} or {@code file:line:column:} (both 1-based), as compilers report errors.
 */
public class DataFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;

  /**
   * An error at {@code line} and {@code column} of {@code file}; a column of 0 means the whole
   * line.
   */
  public DataFormatException(String file, int line, int column, String reason) {
    super(file + ":" + line + ":" + (column > 0 ? column + ":" : "") + " " + reason);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** The file as it was named to the reader. */
  public String file() {
    return file;
  }

  /** The 1-based line of the error. */
  public int line() {
    return line;
  }

  /** The 1-based column (field) of the error, or 0 when it concerns the whole line. */
  public int column() {
    return column;
  }
}
