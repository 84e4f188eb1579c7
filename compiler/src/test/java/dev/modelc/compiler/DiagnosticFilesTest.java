package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.fail;

import dev.modelc.compiler.diag.Diagnostic;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.Severity;
import dev.modelc.compiler.diag.SourceFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the front end over every {@code .nn} file under {@code src/test/resources/diagnostics/}
 * and checks that it reports exactly the diagnostics written beside the offending lines:
 *
 * <pre>
 *   h = relu(x)        // error 14: expected ';'
 *   param W[2] init;   // error: expected a name
 * </pre>
 *
 * <p>A comment {@code // error: MESSAGE} or {@code // warning: MESSAGE} expects one diagnostic
 * of that severity and message on its line; a number after the severity pins the column too. A
 * line may hold several. Every expected diagnostic must be reported, and nothing else.
 */
class DiagnosticFilesTest {
  private static final Pattern EXPECTATION = Pattern.compile(
      "//\\s*(error|warning)(?:\\s+(\\d+))?:\\s*(.*?)\\s*(?=//\\s*(?:error|warning)(?:\\s+\\d+)?:|$)");

  /** The front end under test: the parser, then the checker (names, shapes, statements). */
  static Diagnostics diagnose(SourceFile source) {
    Diagnostics diagnostics = new Diagnostics();
    Compiler.check(source, null, diagnostics);
    return diagnostics;
  }

  static Stream<Path> files() throws IOException {
    Path root = root();
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> files = walk.filter(p -> p.toString().endsWith(".nn"))
          .map(root::relativize)
          .sorted()
          .collect(Collectors.toList());
      return files.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void reportsExactlyTheExpectedDiagnostics(Path file) throws IOException {
    String text = Files.readString(root().resolve(file), StandardCharsets.UTF_8);
    SourceFile source = new SourceFile(file.toString().replace('\\', '/'), text);
    Diagnostics diagnostics = diagnose(source);

    List<Expected> missing = expectations(source);
    List<Diagnostic> unexpected = new ArrayList<>(diagnostics.sorted());
    // Expectations with a column first, so that one without cannot take their diagnostic.
    missing.sort((a, b) -> Boolean.compare(a.column() == null, b.column() == null));
    for (Iterator<Expected> it = missing.iterator(); it.hasNext(); ) {
      Expected expected = it.next();
      for (int i = 0; i < unexpected.size(); i++) {
        if (expected.matches(unexpected.get(i))) {
          unexpected.remove(i);
          it.remove();
          break;
        }
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return;
    }
    StringBuilder report = new StringBuilder("diagnostics of " + file + " differ\n");
    missing.sort((a, b) -> Integer.compare(a.line(), b.line()));
    for (Expected e : missing) {
      report.append("  missing:    ").append(e).append('\n');
    }
    for (Diagnostic d : unexpected) {
      report.append("  unexpected: line ").append(d.span().line()).append(':')
          .append(d.span().column()).append(": ").append(d.severity().label()).append(": ")
          .append(d.message()).append('\n');
    }
    report.append("everything reported:\n").append(Renderer.render(diagnostics));
    fail(report.toString());
  }

  /** The diagnostics that the comments of {@code source} expect. */
  private static List<Expected> expectations(SourceFile source) {
    List<Expected> all = new ArrayList<>();
    for (int line = 1; line <= source.lineCount(); line++) {
      Matcher m = EXPECTATION.matcher(source.line(line));
      while (m.find()) {
        Severity severity = m.group(1).equals("error") ? Severity.ERROR : Severity.WARNING;
        Integer column = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        all.add(new Expected(line, column, severity, m.group(3)));
      }
    }
    return all;
  }

  private static Path root() throws IOException {
    URL url = DiagnosticFilesTest.class.getResource("/diagnostics");
    if (url == null) {
      throw new IOException("no diagnostics folder on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  /** One expected diagnostic; a null column matches any column. */
  private record Expected(int line, Integer column, Severity severity, String message) {
    boolean matches(Diagnostic d) {
      return d.span().line() == line
          && (column == null || d.span().column() == column)
          && d.severity() == severity
          && d.message().equals(message);
    }

    @Override
    public String toString() {
      return "line " + line + (column == null ? "" : ":" + column) + ": " + severity.label()
          + ": " + message;
    }
  }
}
