package dev.modelc.maven;

import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.CompilerVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Names the compiler that makes the outputs: its version and a digest of its classes. The digest
 * makes a rebuilt snapshot of the same version count as a different compiler, so its outputs are
 * regenerated; it covers the contents of the class files, not the jar's timestamps, so repackaging
 * the same classes changes nothing.
 */
final class CompilerIdentity {
  private CompilerIdentity() {}

  /** The identity of the compiler on this plugin's class path, such as {@code 0.1.0 classes:3f9a0c…}. */
  static String current() {
    String version = CompilerVersion.get();
    CodeSource code = Compiler.class.getProtectionDomain().getCodeSource();
    if (code == null) {
      return version;
    }
    try {
      Path location = Path.of(code.getLocation().toURI());
      return version + " classes:" + digest(location);
    } catch (URISyntaxException | IllegalArgumentException e) {
      // Not a file system location (a custom class loader): the version alone names the compiler.
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the compiler's classes at " + code.getLocation(), e);
    }
  }

  /** SHA-256 over the names and contents of the class files in a jar or a class directory, in name order. */
  static String digest(Path location) throws IOException {
    MessageDigest sha = sha256();
    if (Files.isDirectory(location)) {
      List<Path> classes;
      try (Stream<Path> files = Files.walk(location)) {
        classes = files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
      }
      for (Path p : classes) {
        update(sha, location.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        List<JarEntry> entries = new ArrayList<>(Collections.list(jar.entries()));
        entries.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (JarEntry entry : entries) {
          if (entry.getName().endsWith(".class")) {
            try (InputStream in = jar.getInputStream(entry)) {
              update(sha, entry.getName(), in.readAllBytes());
            }
          }
        }
      }
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : sha.digest()) {
      hex.append(String.format("%02x", b));
    }
    // 64 bits tell builds apart well enough and keep the stamp readable.
    return hex.substring(0, 16);
  }

  private static void update(MessageDigest sha, String name, byte[] content) {
    // Name, a separator and the content's length, so that no two lists of files hash alike.
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
    sha.update(content);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
