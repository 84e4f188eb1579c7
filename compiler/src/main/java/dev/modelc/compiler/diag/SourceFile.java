package dev.modelc.compiler.diag;

import java.util.ArrayList;
import java.util.List;

/** The text of one `.nn` file and the offsets at which its lines start, for rendering excerpts. */
public final class SourceFile {
  private final String name;
  private final String text;
  private final int[] lineStarts;

  public SourceFile(String name, String text) {
    this.name = name;
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // A lone '\r' ends a line as well, so that old Mac line ends still give correct line numbers.
      if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
        starts.add(i + 1);
      }
    }
    this.lineStarts = new int[starts.size()];
    for (int i = 0; i < lineStarts.length; i++) {
      lineStarts[i] = starts.get(i);
    }
  }

  /** The name under which diagnostics refer to this file, as the user gave it. */
  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** The text of a 1-based line, without its line terminator; empty past the end. */
  public String line(int line) {
    if (line < 1 || line > lineStarts.length) {
      return "";
    }
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] : text.length();
    while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(start, end);
  }
}
