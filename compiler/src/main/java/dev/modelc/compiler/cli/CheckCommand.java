package dev.modelc.compiler.cli;

import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.emit.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelc check FILE.nn…}: reports diagnostics and writes nothing. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Checks model files and reports their errors and warnings; writes nothing.")
final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE.nn", arity = "1..*", description = "The model files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    return new Driver(spec).compile(files, new Compiler.Options(null, Precision.FLOAT, null), null);
  }
}
