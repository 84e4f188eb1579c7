package dev.modelc.compiler.cli;

import picocli.CommandLine;

/** The entry point of the {@code modelc} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code: 0 success, 1 errors in the input, 2 usage. */
  public static int run(String... args) {
    CommandLine line = new CommandLine(new ModelcCommand())
        .setExitCodeExceptionMapper(e -> ExitCodes.USAGE)
        .setParameterExceptionHandler((e, a) -> {
          e.getCommandLine().getErr().println("modelc: " + e.getMessage());
          e.getCommandLine().getErr().println("Try 'modelc --help' for more information.");
          return ExitCodes.USAGE;
        });
    return line.execute(args);
  }
}
