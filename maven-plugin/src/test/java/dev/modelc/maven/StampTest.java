package dev.modelc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stamp reads back what it wrote, and reads anything else as empty, so that all is regenerated. */
class StampTest {
  @TempDir
  Path dir;

  @Test
  void roundTrips() throws IOException {
    Stamp stamp = new Stamp("compiler=1.0 classes:ab precision=float package= tests=true", Map.of(
        "a b/x.nn", new Stamp.Entry("a b/x.nn", 1732390000123L, List.of("p/X.java", "p/Y.java"),
            List.of("p/XGradientTest.java")),
        "z.nn", new Stamp.Entry("z.nn", -1, List.of(), List.of())));
    Path file = dir.resolve("out").resolve(Stamp.FILE);
    stamp.write(file);
    assertEquals(stamp, Stamp.read(file));
  }

  @Test
  void aMissingStampIsEmpty() throws IOException {
    assertEquals(Stamp.empty(), Stamp.read(dir.resolve(Stamp.FILE)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "modelc-stamp 2\nbuild x\n",
      "modelc-stamp 1\n",
      "modelc-stamp 1\nbuild x\nsource notanumber a.nn\n",
      "modelc-stamp 1\nbuild x\nsource 12\n",
      "modelc-stamp 1\nbuild x\nmain p/X.java\n",
      "modelc-stamp 1\nbuild x\nsource 1 a.nn\nsomething else\n",
  })
  void aForeignOrDamagedStampIsEmpty(String text) throws IOException {
    Path file = dir.resolve(Stamp.FILE);
    Files.writeString(file, text);
    assertEquals(Stamp.empty(), Stamp.read(file));
  }

  @Test
  void bytesThatAreNotUtf8AreADamagedStamp() throws IOException {
    Path file = dir.resolve(Stamp.FILE);
    Files.write(file, new byte[] {'m', (byte) 0xff, (byte) 0xfe, '\n'});
    assertEquals(Stamp.empty(), Stamp.read(file));
  }
}
