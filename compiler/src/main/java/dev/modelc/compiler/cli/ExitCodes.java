package dev.modelc.compiler.cli;

/** The exit codes of {@code modelc}, as javac uses them. */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;
  /** Errors in the input files. */
  static final int ERRORS = 1;
  /** A mistake on the command line. */
  static final int USAGE = 2;
}
