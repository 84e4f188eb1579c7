package dev.modelc.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelc.compiler.diag.Diagnostic;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.Severity;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.Span;
import org.junit.jupiter.api.Test;

/** Checks that diagnostics render as javac renders them, caret and count line included. */
class RendererTest {
  private static final SourceFile NET = new SourceFile("net.nn",
      "model Net {\n  h = a + b;\n\tout = h\t@ w;\n}\n");

  @Test
  void rendersLocationSourceLineAndCaret() {
    Diagnostic d = new Diagnostic(Severity.ERROR, NET, new Span(2, 9, 1),
        "cannot add [8] and [4]: shapes differ in dimension 0");
    assertEquals("net.nn:2:9: error: cannot add [8] and [4]: shapes differ in dimension 0\n"
        + "  h = a + b;\n"
        + "        ^\n", Renderer.render(d));
  }

  @Test
  void drawsOneCaretWhateverTheSpanLength() {
    Diagnostic d = new Diagnostic(Severity.WARNING, NET, new Span(2, 3, 9), "unused");
    assertEquals("net.nn:2:3: warning: unused\n  h = a + b;\n  ^\n", Renderer.render(d));
  }

  @Test
  void keepsTabsSoTheCaretLinesUp() {
    Diagnostic d = new Diagnostic(Severity.ERROR, NET, new Span(3, 10, 1), "bad");
    assertEquals("net.nn:3:10: error: bad\n\tout = h\t@ w;\n\t       \t^\n", Renderer.render(d));
  }

  @Test
  void placesCaretPastTheEndOfTheLine() {
    Diagnostic d = new Diagnostic(Severity.ERROR, NET, new Span(1, 12, 1), "expected ';'");
    assertEquals("net.nn:1:12: error: expected ';'\nmodel Net {\n           ^\n",
        Renderer.render(d));
  }

  @Test
  void showsControlCharactersAsQuestionMarks() {
    SourceFile source = new SourceFile("nul.nn", "x = a\0;\n");
    Diagnostic d = new Diagnostic(Severity.ERROR, source, new Span(1, 6, 1), "illegal");
    assertEquals("nul.nn:1:6: error: illegal\nx = a?;\n     ^\n", Renderer.render(d));
  }

  @Test
  void countsColumnsInCodePoints() {
    SourceFile source = new SourceFile("emoji.nn", "/* \uD83D\uDE00 */ x y\n");
    Diagnostic d = new Diagnostic(Severity.ERROR, source, new Span(1, 11, 1), "unexpected 'y'");
    assertEquals("emoji.nn:1:11: error: unexpected 'y'\n/* \uD83D\uDE00 */ x y\n          ^\n",
        Renderer.render(d));
  }

  @Test
  void rendersAllSortedThenTheCount() {
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.warning(NET, new Span(3, 2, 3), "second");
    diagnostics.error(NET, new Span(2, 3, 1), "first");
    assertEquals("net.nn:2:3: error: first\n  h = a + b;\n  ^\n"
        + "net.nn:3:2: warning: second\n\tout = h\t@ w;\n\t^\n"
        + "1 error, 1 warning\n", Renderer.render(diagnostics));
  }

  @Test
  void rendersNothingForNoDiagnostics() {
    assertEquals("", Renderer.render(new Diagnostics()));
  }

  @Test
  void countLineReadsAsJavacs() {
    assertEquals("1 error", Renderer.count(1, 0));
    assertEquals("2 errors", Renderer.count(2, 0));
    assertEquals("1 warning", Renderer.count(0, 1));
    assertEquals("3 warnings", Renderer.count(0, 3));
    assertEquals("1 error, 2 warnings", Renderer.count(1, 2));
    assertEquals("2 errors, 1 warning", Renderer.count(2, 1));
  }

  @Test
  void rendersWhatTheParserReports() {
    Diagnostics diagnostics = new Diagnostics();
    Parse.parse(new SourceFile("semi.nn", "model A {\n  h = relu(x)\n  out = h;\n}\n"),
        diagnostics);
    assertEquals("semi.nn:2:14: error: expected ';'\n  h = relu(x)\n             ^\n1 error\n",
        Renderer.render(diagnostics));
  }
}
