package dev.modelc.compiler.diag;

/** How serious a diagnostic is; errors stop the pipeline before code is generated. */
public enum Severity {
  ERROR("error"),
  WARNING("warning");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The word printed after the location, as javac prints it. */
  public String label() {
    return label;
  }
}
