package it.again;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/**
 * Appends the generated class's modification time to target/generated-times.txt, once per build,
 * so that verify.groovy can tell whether the second build rewrote it.
 */
class GeneratedFileTimeTest {
  @Test
  void recordModificationTime() throws IOException {
    Path generated = Path.of("target/generated-sources/modelc/it/again/Xor.java");
    assertTrue(Files.isRegularFile(generated), "the plugin generated " + generated);
    long millis = Files.getLastModifiedTime(generated).toMillis();
    Files.writeString(Path.of("target/generated-times.txt"), millis + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
