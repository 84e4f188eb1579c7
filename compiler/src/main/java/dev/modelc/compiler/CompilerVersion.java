package dev.modelc.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this compiler, for tools that record which compiler made their outputs. */
public final class CompilerVersion {
  private static final String RESOURCE = "/dev/modelc/compiler/version.properties";

  private CompilerVersion() {}

  /** The version the build wrote into the jar, such as {@code 0.1.0}; {@code unknown} when it is missing. */
  public static String get() {
    Properties p = new Properties();
    try (InputStream in = CompilerVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return p.getProperty("version", "unknown");
  }
}
