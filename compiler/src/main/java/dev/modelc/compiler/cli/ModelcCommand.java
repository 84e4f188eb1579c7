package dev.modelc.compiler.cli;

import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.emit.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelc [options] FILE.nn…}: generates one Java class per model. */
@Command(
    name = "modelc",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    subcommands = {CheckCommand.class, TrainCommand.class},
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Compiles neural network models written in the .nn language into Java classes that train "
          + "and run them: forward and backward passes, optimizer and training loop, specialized to "
          + "each model's shapes.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 errors in the input, 2 a usage error.",
      "Diagnostics are printed to standard error as file:line:col: error: message."
    })
final class ModelcCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE.nn", arity = "0..*", description = "The model files to compile.")
  List<Path> files = List.of();

  @Option(names = {"-d", "--output"}, paramLabel = "DIR", defaultValue = "generated-sources",
      description = "Where to write the generated sources (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = {"-p", "--package"}, paramLabel = "NAME",
      description = "The package of the generated classes, instead of the file's package line.")
  String packageName;

  @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float",
      description = "The element type of the generated classes (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--emit", paramLabel = "java|ir|grad|dot|plan",
      description = "Print a stage to standard output instead of writing files: the Java source, the IR, "
          + "the derivatives of the loss, the graph for Graphviz (forward and backward), or the memory plan "
          + "(not supported by this version).")
  String emit;

  @Option(names = "--timings",
      description = "Print to standard error how long each stage of the compiler took, and the total, in milliseconds.")
  boolean timings;

  @Override
  public Integer call() {
    if (files.isEmpty()) {
      return Driver.usage(spec, "no input files");
    }
    Precision p = Driver.precision(spec, precision);
    if (p == null) {
      return ExitCodes.USAGE;
    }
    Compiler.Stage stage = null;
    if (emit != null) {
      stage = switch (emit) {
        case "java" -> Compiler.Stage.JAVA;
        case "ir" -> Compiler.Stage.IR;
        case "grad" -> Compiler.Stage.GRAD;
        case "dot" -> Compiler.Stage.DOT;
        case "plan" -> Compiler.Stage.PLAN;
        default -> null;
      };
      if (stage == null) {
        return Driver.usage(spec, "--emit takes java, ir, grad, dot or plan, not '" + emit + "'");
      }
    }
    if (packageName != null && !Driver.isPackageName(packageName)) {
      return Driver.usage(spec, "'" + packageName + "' is not a valid Java package name");
    }
    Driver driver = new Driver(spec);
    Compiler.Options options = new Compiler.Options(packageName, p, stage);
    Path into = stage == null ? output : null;
    return timings ? driver.compileTimed(files, options, into) : driver.compile(files, options, into);
  }
}
