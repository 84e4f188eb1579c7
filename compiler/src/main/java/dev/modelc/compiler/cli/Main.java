package dev.modelc.compiler.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The entry point of the {@code modelc} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }

  /** Runs the command line and returns its exit code: 0 success, 1 errors in the input, 2 usage. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
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
    int code = line.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
