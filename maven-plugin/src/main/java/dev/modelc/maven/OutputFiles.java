package dev.modelc.maven;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.emit.SourceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files a run owns in its two output folders: where a class goes, writing classes, whether an
 * entry's outputs are still there, and removing the outputs that no source produces any more.
 */
final class OutputFiles {
  private OutputFiles() {}

  /** Where SourceWriter puts a file, relative to the output directory. */
  static String path(JavaFile file) {
    String dir = file.packageName().isEmpty() ? "" : file.packageName().replace('.', '/') + "/";
    return dir + file.typeSpec().name() + ".java";
  }

  /** Writes the files under {@code root}; returns their paths relative to it, as the stamp records them. */
  static List<String> write(List<JavaFile> files, Path root) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    List<String> written = new ArrayList<>();
    for (JavaFile f : files) {
      written.add(base.relativize(SourceWriter.write(f, root)).toString().replace('\\', '/'));
    }
    return written;
  }

  /** Whether every output an entry lists is still there. */
  static boolean exist(Generation.Settings settings, Stamp.Entry entry) {
    return entry.outputs().stream().allMatch(o -> Files.isRegularFile(settings.outputDirectory().resolve(o)))
        && entry.testOutputs().stream().allMatch(o -> Files.isRegularFile(settings.testOutputDirectory().resolve(o)));
  }

  /** Deletes the outputs that the old stamp lists and the new one does not, and the folders that leaves empty. */
  static int removeStale(Generation.Settings settings, Stamp old, Stamp stamp) throws IOException {
    Set<String> keep = new HashSet<>();
    Set<String> keepTests = new HashSet<>();
    stamp.entries().values().forEach(e -> {
      keep.addAll(e.outputs());
      keepTests.addAll(e.testOutputs());
    });
    int removed = 0;
    for (Stamp.Entry e : old.entries().values()) {
      for (String o : e.outputs()) {
        removed += keep.contains(o) ? 0 : delete(settings.outputDirectory(), o);
      }
      for (String o : e.testOutputs()) {
        removed += keepTests.contains(o) ? 0 : delete(settings.testOutputDirectory(), o);
      }
    }
    return removed;
  }

  private static int delete(Path root, String relative) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    Path file = base.resolve(relative).normalize();
    // A damaged stamp must not make the goal delete anything outside its own folder.
    if (!file.startsWith(base) || !Files.deleteIfExists(file)) {
      return 0;
    }
    for (Path dir = file.getParent(); !dir.equals(base) && isEmptyDirectory(dir); dir = dir.getParent()) {
      Files.delete(dir);
    }
    return 1;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
