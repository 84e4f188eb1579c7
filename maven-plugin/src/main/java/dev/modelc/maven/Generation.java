package dev.modelc.maven;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.diag.Diagnostic;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.SourceReader;
import dev.modelc.compiler.emit.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One run of the generate goal: compiles the {@code .nn} files that changed since the stamp was
 * written, writes their classes (and gradient tests), removes the outputs of files that are gone,
 * and records what it did in the stamp. It knows nothing of Maven, so tests drive it directly.
 *
 * <p>As with the command line, nothing is written when any file has an error.
 */
final class Generation {
  private Generation() {}

  /**
   * What a run works on.
   *
   * @param testOutputDirectory where gradient tests go; their stale outputs are removed from here
   *     even when {@code generateTests} is off
   * @param packageName the package to generate into instead of each file's, or null
   * @param compiler the identity of the compiler, recorded in the stamp
   * @param displayName how diagnostics name a source file: as the user sees it
   */
  record Settings(Path sourceDirectory, Path outputDirectory, Path testOutputDirectory, boolean generateTests,
      Precision precision, String packageName, String compiler, Function<Path, String> displayName) {

    /** Everything besides the sources that the outputs depend on; a change regenerates every file. */
    String build() {
      return "compiler=" + compiler + " precision=" + precision.keyword()
          + " package=" + (packageName == null ? "" : packageName) + " tests=" + generateTests;
    }
  }

  /**
   * What a run did.
   *
   * @param files the {@code .nn} files found
   * @param compiled the models compiled
   * @param upToDate the models of files that were up to date
   * @param removed the stale files deleted
   * @param warnings rendered warnings, each with its source line and caret
   * @param errors rendered errors; when there are any, nothing was written
   */
  record Outcome(int files, int compiled, int upToDate, int removed, List<String> warnings, List<String> errors) {
    /** The line logged after a successful run, such as {@code modelc: 2 models compiled, 1 up to date}. */
    String summary() {
      String line = "modelc: " + compiled + (compiled == 1 ? " model" : " models") + " compiled, "
          + upToDate + " up to date";
      return removed == 0 ? line : line + ", " + removed + (removed == 1 ? " stale file" : " stale files")
          + " removed";
    }

    /** The message of the failed build: every error, then javac's count line. */
    String failure() {
      StringBuilder message = new StringBuilder("modelc found errors in the model sources:\n");
      errors.forEach(message::append);
      return message.append(Renderer.count(errors.size(), 0)).toString();
    }
  }

  /** A file compiled in this run, not yet written. */
  private record Compiled(String source, long modified, List<JavaFile> models, List<JavaFile> tests) {}

  /** Runs the goal's work once. */
  static Outcome run(Settings settings) throws IOException {
    Path stampFile = settings.outputDirectory().resolve(Stamp.FILE);
    Stamp old = Stamp.read(stampFile);
    boolean sameBuild = old.build().equals(settings.build());
    Map<String, Stamp.Entry> next = new TreeMap<>();
    List<Compiled> fresh = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int upToDate = 0;
    List<String> sources = sources(settings.sourceDirectory());
    for (String source : sources) {
      Path file = settings.sourceDirectory().resolve(source);
      long modified = Files.getLastModifiedTime(file).toMillis();
      Stamp.Entry previous = sameBuild ? old.entries().get(source) : null;
      if (previous != null && previous.modified() == modified && OutputFiles.exist(settings, previous)) {
        next.put(source, previous);
        upToDate += previous.outputs().size();
        continue;
      }
      Compiled compiled = compile(settings, source, file, modified, warnings, errors);
      if (compiled != null) {
        fresh.add(compiled);
      }
    }
    errors.addAll(clashes(settings, next.values(), fresh));
    if (!errors.isEmpty()) {
      return new Outcome(sources.size(), 0, upToDate, 0, warnings, errors);
    }
    int models = 0;
    for (Compiled c : fresh) {
      next.put(c.source(), write(settings, c));
      models += c.models().size();
    }
    Stamp stamp = new Stamp(settings.build(), next);
    int removed = OutputFiles.removeStale(settings, old, stamp);
    if (!stamp.equals(old)) {
      stamp.write(stampFile);
    }
    return new Outcome(sources.size(), models, upToDate, removed, warnings, errors);
  }

  /** The {@code .nn} files under {@code root}, relative to it with {@code /} separators, sorted; none without it. */
  static List<String> sources(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".nn") && Files.isRegularFile(p))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  /** Compiles one file; its diagnostics go to the lists, and the result is null when it has errors. */
  private static Compiled compile(Settings settings, String source, Path file, long modified,
      List<String> warnings, List<String> errors) throws IOException {
    Diagnostics diagnostics = new Diagnostics();
    String name = settings.displayName().apply(file);
    SourceFile text = SourceReader.read(file, name, diagnostics);
    List<JavaFile> models = List.of();
    List<JavaFile> tests = List.of();
    if (text != null) {
      try {
        Compiler.Options options = new Compiler.Options(settings.packageName(), settings.precision(), null);
        models = Compiler.compile(text, options, diagnostics).files();
        if (settings.generateTests() && !diagnostics.hasErrors()) {
          String fileName = file.getFileName().toString();
          tests = GradientTests.forFile(text, models, settings.precision(), settings.packageName(), fileName);
        }
      } catch (RuntimeException | StackOverflowError e) {
        // A fault of the compiler, not of the file: still reported against the file, as the command line does.
        errors.add(name + ": error: modelc failed on this file (" + e + "); please report it with the file\n");
        return null;
      }
    }
    for (Diagnostic d : diagnostics.sorted()) {
      (d.isError() ? errors : warnings).add(Renderer.render(d));
    }
    return diagnostics.hasErrors() ? null : new Compiled(source, modified, models, tests);
  }

  /** Errors for classes that two files would both generate, where the second would overwrite the first. */
  private static List<String> clashes(Settings settings, Iterable<Stamp.Entry> kept, List<Compiled> fresh) {
    Map<String, String> owner = new HashMap<>();
    List<String> errors = new ArrayList<>();
    List<Map.Entry<String, List<String>>> claims = new ArrayList<>();
    kept.forEach(e -> claims.add(Map.entry(e.source(), e.outputs())));
    fresh.forEach(c -> claims.add(Map.entry(c.source(), c.models().stream().map(OutputFiles::path).toList())));
    for (Map.Entry<String, List<String>> claim : claims) {
      for (String output : claim.getValue()) {
        String first = owner.putIfAbsent(output, claim.getKey());
        if (first != null && !first.equals(claim.getKey())) {
          String className = output.substring(0, output.length() - ".java".length()).replace('/', '.');
          errors.add(display(settings, claim.getKey()) + ": error: class " + className
              + " is generated from " + display(settings, first) + " as well\n");
        }
      }
    }
    return errors;
  }

  private static String display(Settings settings, String source) {
    return settings.displayName().apply(settings.sourceDirectory().resolve(source));
  }

  private static Stamp.Entry write(Settings settings, Compiled c) throws IOException {
    return new Stamp.Entry(c.source(), c.modified(), OutputFiles.write(c.models(), settings.outputDirectory()),
        OutputFiles.write(c.tests(), settings.testOutputDirectory()));
  }
}
