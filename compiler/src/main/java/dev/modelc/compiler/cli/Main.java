package dev.modelc.compiler.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The entry point of the {@code modelc} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Preload.start();
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    // A console means standard input and output are a terminal: then training draws a live bar.
    PrintStream terminal = System.console() != null ? System.out : null;
    System.exit(run(out, err, terminal, args));
  }

  /** Runs the command line and returns its exit code: 0 success, 1 errors in the input, 2 usage. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, null, args);
  }

  /**
   * Runs the command line; {@code terminal} is the stream behind {@code out} when that is a
   * terminal, on which {@code train} draws its progress bar, and null otherwise.
   */
  static int run(PrintWriter out, PrintWriter err, PrintStream terminal, String... args) {
    CommandLine line = new CommandLine(new ModelcCommand())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // A failure of modelc itself, not of the input: say so in one line, without a stack trace.
          cmd.getErr().println("modelc: internal error: " + e + "; please report it with the input that caused it");
          return ExitCodes.ERRORS;
        })
        .setParameterExceptionHandler((e, a) -> {
          e.getCommandLine().getErr().println("modelc: " + e.getMessage());
          e.getCommandLine().getErr().println("Try 'modelc --help' for more information.");
          return ExitCodes.USAGE;
        });
    ((TrainCommand) line.getSubcommands().get("train").getCommand()).terminal = terminal;
    int code = line.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
