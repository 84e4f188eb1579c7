package dev.modelc.compiler.emit;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one class that writes generated sources. Each file goes to a temporary file first and is
 * then moved into place, so a reader never sees half a class; a file whose content is unchanged
 * is left alone, so its timestamp still tells build tools it is up to date.
 */
public final class SourceWriter {
  private SourceWriter() {}

  /** Writes a file under {@code root} at its package's path and returns that path. */
  public static Path write(JavaFile file, Path root) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    Path dir = base;
    if (!file.packageName().isEmpty()) {
      for (String part : file.packageName().split("\\.")) {
        dir = dir.resolve(part);
      }
    }
    Path target = dir.resolve(file.typeSpec().name() + ".java").normalize();
    if (!target.startsWith(base)) {
      throw new IOException("refusing to write outside " + base + ": " + target);
    }
    byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
      return target;
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.typeSpec().name(), ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }
}
