package dev.modelc.compiler.diag;

import java.util.List;

/**
 * Renders diagnostics as javac does: a {@code file:line:col: error: message} line, the source
 * line, and a caret under the column.
 *
 * <pre>
 * xor.nn:13:18: error: expected ';'
 *   out = W2 @ h + b2
 *                    ^
 * 1 error
 * </pre>
 */
public final class Renderer {
  private Renderer() {}

  /** One diagnostic: three lines, each ending in {@code '\n'}. */
  public static String render(Diagnostic diagnostic) {
    Span span = diagnostic.span();
    String line = diagnostic.source().line(span.line());
    return diagnostic.source().name() + ":" + span.line() + ":" + span.column() + ": "
        + diagnostic.severity().label() + ": " + diagnostic.message() + "\n"
        + printable(line) + "\n"
        + caret(line, span.column()) + "\n";
  }

  /** All diagnostics, sorted by file and position, then the count line; empty when none. */
  public static String render(Diagnostics diagnostics) {
    List<Diagnostic> sorted = diagnostics.sorted();
    if (sorted.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int errors = 0;
    for (Diagnostic diagnostic : sorted) {
      out.append(render(diagnostic));
      errors += diagnostic.isError() ? 1 : 0;
    }
    return out.append(count(errors, sorted.size() - errors)).append('\n').toString();
  }

  /** javac's closing line: {@code 1 error}, {@code 2 warnings}, {@code 1 error, 2 warnings}. */
  public static String count(int errors, int warnings) {
    String e = errors == 1 ? "1 error" : errors + " errors";
    String w = warnings == 1 ? "1 warning" : warnings + " warnings";
    if (warnings == 0) {
      return e;
    }
    return errors == 0 ? w : e + ", " + w;
  }

  /**
   * The source line as printed: control characters other than tab (such as a NUL that is being
   * reported) become {@code '?'}, one for one, so that the terminal shows them and the caret still
   * lines up.
   */
  private static String printable(String line) {
    StringBuilder out = new StringBuilder(line.length());
    line.codePoints().forEach(c ->
        out.appendCodePoint(Character.isISOControl(c) && c != '\t' ? '?' : c));
    return out.toString();
  }

  /**
   * A caret under the 1-based column, which counts code points. Tabs before it are copied from
   * the source line, so that the caret lands under the same character however wide the terminal
   * draws a tab.
   */
  private static String caret(String line, int column) {
    StringBuilder out = new StringBuilder();
    int[] codePoints = line.codePoints().toArray();
    for (int i = 0; i < column - 1; i++) {
      out.append(i < codePoints.length && codePoints[i] == '\t' ? '\t' : ' ');
    }
    return out.append('^').toString();
  }
}
