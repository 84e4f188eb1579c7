package dev.modelc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the previous run left in the output directory: the compiler and options that made the
 * outputs, and for every {@code .nn} file the modification time it had when it was compiled and
 * the files it produced. A file whose time is unchanged and whose outputs are all present is up
 * to date.
 *
 * <pre>
 * modelc-stamp 1
 * build compiler=0.1.0 classes:3f9a… precision=float package= tests=false
 * source 1732390000000 xor.nn
 * main dev/modelc/samples/Xor.java
 * </pre>
 *
 * Paths are relative, with {@code /} separators: sources to the source directory, {@code main}
 * outputs to the output directory and {@code test} outputs to the test output directory. A path
 * ends its line, so it may hold spaces.
 *
 * @param build the compiler and options, compared as a whole: any change regenerates everything
 * @param entries by source path, in the order the sources were compiled
 */
record Stamp(String build, Map<String, Entry> entries) {
  /** The stamp's file name in the output directory; javac ignores it, as it is not a source. */
  static final String FILE = ".modelc-stamp";

  private static final String MAGIC = "modelc-stamp 1";

  Stamp {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * What one {@code .nn} file produced.
   *
   * @param modified the file's modification time, in milliseconds, when it was compiled
   */
  record Entry(String source, long modified, List<String> outputs, List<String> testOutputs) {
    Entry {
      outputs = List.copyOf(outputs);
      testOutputs = List.copyOf(testOutputs);
    }
  }

  /** A stamp that records nothing, so that every file is compiled. */
  static Stamp empty() {
    return new Stamp("", Map.of());
  }

  /** Reads a stamp; a missing, foreign or damaged one reads as empty, so everything is regenerated. */
  static Stamp read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return empty();
    } catch (java.nio.charset.CharacterCodingException e) {
      return empty();
    }
    if (lines.size() < 2 || !lines.get(0).equals(MAGIC) || !lines.get(1).startsWith("build ")) {
      return empty();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    String source = null;
    long modified = 0;
    List<String> outputs = new ArrayList<>();
    List<String> tests = new ArrayList<>();
    for (String line : lines.subList(2, lines.size())) {
      if (line.startsWith("source ")) {
        if (source != null) {
          entries.put(source, new Entry(source, modified, outputs, tests));
        }
        String[] parts = line.split(" ", 3);
        if (parts.length < 3 || !parts[1].matches("-?[0-9]{1,19}")) {
          return empty();
        }
        modified = Long.parseLong(parts[1]);
        source = parts[2];
        outputs = new ArrayList<>();
        tests = new ArrayList<>();
      } else if (line.startsWith("main ") && source != null) {
        outputs.add(line.substring("main ".length()));
      } else if (line.startsWith("test ") && source != null) {
        tests.add(line.substring("test ".length()));
      } else {
        return empty();
      }
    }
    if (source != null) {
      entries.put(source, new Entry(source, modified, outputs, tests));
    }
    return new Stamp(lines.get(1).substring("build ".length()), entries);
  }

  /** Writes the stamp through a temporary file, so that a stopped build never leaves half of one. */
  void write(Path file) throws IOException {
    StringBuilder text = new StringBuilder(MAGIC).append('\n');
    text.append("build ").append(build).append('\n');
    for (Entry e : entries.values()) {
      text.append("source ").append(e.modified()).append(' ').append(e.source()).append('\n');
      e.outputs().forEach(o -> text.append("main ").append(o).append('\n'));
      e.testOutputs().forEach(o -> text.append("test ").append(o).append('\n'));
    }
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
