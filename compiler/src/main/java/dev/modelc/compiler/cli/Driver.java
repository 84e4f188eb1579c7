package dev.modelc.compiler.cli;

import static dev.modelc.compiler.Timings.Phase.READ;
import static dev.modelc.compiler.Timings.Phase.WRITE;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.Timings;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.SourceReader;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.emit.SourceWriter;
import dev.modelc.compiler.ir.ModelIr;
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
    return compile(files, options, output, new Timings());
  }

  /**
   * Compiles as the method above does, and then, when it got that far, prints how long each stage
   * took and the whole run, from reading the first file to writing the last.
   */
  int compileTimed(List<Path> files, Compiler.Options options, Path output) {
    long start = System.nanoTime();
    Timings timings = new Timings();
    int code = compile(files, options, output, timings);
    long total = System.nanoTime() - start;
    // The preload ran beside the parsing of the arguments, before the total started; shown apart.
    long setup = Preload.nanos();
    if (setup >= 0) {
      timings.add(Timings.Phase.SETUP, setup);
    }
    err.print(timings.render(total));
    err.flush();
    return code;
  }

  private int compile(List<Path> files, Compiler.Options options, Path output, Timings timings) {
    // The stages use what the preload thread sets up only once it is done (see Preload).
    Preload.await();
    Diagnostics diagnostics = new Diagnostics();
    List<JavaFile> generated = new ArrayList<>();
    StringBuilder dump = new StringBuilder();
    for (Path file : files) {
      SourceFile source;
      try {
        source = timings.time(READ, () -> read(file, diagnostics));
      } catch (Unreadable e) {
        err.println("modelc: " + e.getMessage());
        return ExitCodes.ERRORS;
      }
      if (source == null) {
        continue;
      }
      try {
        Compiler.Result result = Compiler.compile(source, options, diagnostics, timings);
        generated.addAll(result.files());
        dump.append(result.dump());
      } catch (RuntimeException | StackOverflowError e) {
        err.println(crashed(source, e));
        return ExitCodes.ERRORS;
      }
    }
    if (!report(diagnostics)) {
      return ExitCodes.ERRORS;
    }
    out.print(dump);
    out.flush();
    if (output != null) {
      for (JavaFile file : generated) {
        try {
          timings.time(WRITE, () -> SourceWriter.write(file, output));
        } catch (IOException e) {
          err.println("modelc: cannot write into " + output + ": " + e.getMessage());
          return ExitCodes.ERRORS;
        }
      }
    }
    return ExitCodes.OK;
  }

  /** The models of one file and their Java classes, for a command that runs them. */
  record Compiled(List<ModelIr> models, List<JavaFile> files) {}

  /**
   * Compiles one file in memory, for {@code train}; prints its diagnostics, and returns null
   * (after printing why) when the file cannot be read or has errors.
   */
  Compiled compileToRun(Path file, Precision precision) {
    Preload.await();
    Diagnostics diagnostics = new Diagnostics();
    SourceFile source;
    try {
      source = read(file, diagnostics);
    } catch (Unreadable e) {
      err.println("modelc: " + e.getMessage());
      return null;
    }
    Compiled compiled = null;
    if (source != null) {
      try {
        Compiler.Result result = Compiler.compile(source, new Compiler.Options(null, precision, null), diagnostics);
        if (!diagnostics.hasErrors()) {
          // The typed models, for what the generated class does not say: classes, train block, metric.
          compiled = new Compiled(Compiler.check(source, null, new Diagnostics()), result.files());
        }
      } catch (RuntimeException | StackOverflowError e) {
        err.println(crashed(source, e));
        return null;
      }
    }
    return report(diagnostics) ? compiled : null;
  }

  /** A file that cannot be read at all; the message says why. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /** Reads a source file; null when its text is not valid, which is then a diagnostic. */
  private static SourceFile read(Path file, Diagnostics diagnostics) throws Unreadable {
    if (Files.isDirectory(file)) {
      throw new Unreadable(file + " is a directory");
    }
    try {
      return SourceReader.read(file, file.toString(), diagnostics);
    } catch (NoSuchFileException e) {
      throw new Unreadable("file not found: " + file);
    } catch (IOException e) {
      throw new Unreadable("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String crashed(SourceFile source, Throwable e) {
    return source.name() + ": error: modelc failed on this file (" + e + "); please report it with the file";
  }

  /** Prints the diagnostics, if any; returns false when one is an error. */
  private boolean report(Diagnostics diagnostics) {
    String rendered = Renderer.render(diagnostics);
    if (!rendered.isEmpty()) {
      err.print(rendered);
      err.flush();
    }
    return !diagnostics.hasErrors();
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
