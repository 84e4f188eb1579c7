package dev.modelc.compiler.diag;

/** One problem found in a source file, located by a span; rendered once, by {@link Renderer}. */
public record Diagnostic(Severity severity, SourceFile source, Span span, String message) {
  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
