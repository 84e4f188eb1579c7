package dev.modelc.compiler.cli;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.SourceReader;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.emit.SourceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the compiler over the files of one command and reports as javac does. */
final class Driver {
  private final PrintWriter out;
  private final PrintWriter err;

  Driver(CommandSpec spec) {
    this.out = spec.commandLine().getOut();
    this.err = spec.commandLine().getErr();
  }

  /**
   * Compiles every file, then prints all diagnostics once; writes the Java files into
   * {@code output} only when no file has errors, so that a failed build leaves no half-updated folder.
   */
  int compile(List<Path> files, Compiler.Options options, Path output) {
    Diagnostics diagnostics = new Diagnostics();
    List<JavaFile> generated = new ArrayList<>();
    StringBuilder dump = new StringBuilder();
    for (Path file : files) {
      SourceFile source;
      try {
        if (Files.isDirectory(file)) {
          err.println("modelc: " + file + " is a directory");
          return ExitCodes.ERRORS;
        }
        source = SourceReader.read(file, file.toString(), diagnostics);
      } catch (NoSuchFileException e) {
        err.println("modelc: file not found: " + file);
        return ExitCodes.ERRORS;
      } catch (IOException e) {
        err.println("modelc: cannot read " + file + ": " + e.getMessage());
        return ExitCodes.ERRORS;
      }
      if (source == null) {
        continue;
      }
      try {
        Compiler.Result result = Compiler.compile(source, options, diagnostics);
        generated.addAll(result.files());
        dump.append(result.dump());
      } catch (RuntimeException | StackOverflowError e) {
        err.println(source.name() + ": error: modelc failed on this file (" + e + "); please report it with the file");
        return ExitCodes.ERRORS;
      }
    }
    String rendered = Renderer.render(diagnostics);
    if (!rendered.isEmpty()) {
      err.print(rendered);
      err.flush();
    }
    if (diagnostics.hasErrors()) {
      return ExitCodes.ERRORS;
    }
    out.print(dump);
    out.flush();
    if (output != null) {
      for (JavaFile file : generated) {
        try {
          SourceWriter.write(file, output);
        } catch (IOException e) {
          err.println("modelc: cannot write into " + output + ": " + e.getMessage());
          return ExitCodes.ERRORS;
        }
      }
    }
    return ExitCodes.OK;
  }

  static int usage(CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("modelc: " + message);
    err.println("Try 'modelc --help' for more information.");
    return ExitCodes.USAGE;
  }

  static Precision precision(CommandSpec spec, String value) {
    if (Set.of("float", "double").contains(value)) {
      return value.equals("float") ? Precision.FLOAT : Precision.DOUBLE;
    }
    usage(spec, "--precision takes float or double, not '" + value + "'");
    return null;
  }

  /** A dotted Java name whose every part is an identifier and no keyword, so it cannot leave the output folder. */
  static boolean isPackageName(String name) {
    return SourceVersion.isName(name);
  }
}
