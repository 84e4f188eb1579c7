package dev.modelc.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one run; stages add to it and the driver renders them once. */
public final class Diagnostics {
  private final List<Diagnostic> all = new ArrayList<>();

  public void add(Diagnostic diagnostic) {
    all.add(diagnostic);
  }

  public void error(SourceFile source, Span span, String message) {
    add(new Diagnostic(Severity.ERROR, source, span, message));
  }

  public void warning(SourceFile source, Span span, String message) {
    add(new Diagnostic(Severity.WARNING, source, span, message));
  }

  // Loops rather than streams: the driver asks after every stage, and in a fresh JVM a stream's
  // first use costs more than the whole count.

  public boolean hasErrors() {
    return errorCount() > 0;
  }

  public int errorCount() {
    int errors = 0;
    for (Diagnostic d : all) {
      if (d.isError()) {
        errors++;
      }
    }
    return errors;
  }

  /** All diagnostics, by file in the order first seen, then by position, then in order added. */
  public List<Diagnostic> sorted() {
    if (all.isEmpty()) {
      return new ArrayList<>();
    }
    List<String> files = new ArrayList<>();
    for (Diagnostic d : all) {
      if (!files.contains(d.source().name())) {
        files.add(d.source().name());
      }
    }
    List<Diagnostic> copy = new ArrayList<>(all);
    copy.sort(Comparator.<Diagnostic>comparingInt(d -> files.indexOf(d.source().name()))
        .thenComparingInt(d -> d.span().line())
        .thenComparingInt(d -> d.span().column()));
    return copy;
  }
}
