package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  private static final long FINGERPRINT = 0x1234_5678_9ABC_DEF0L;

  @TempDir Path dir;

  private static List<Checkpoint.Section> sections() {
    return List.of(
        Checkpoint.Section.of("params", new float[] {1.5f, -2, Float.MIN_VALUE, 3e38f}),
        Checkpoint.Section.of("adam.m", new double[] {0.25, -1e-300}),
        Checkpoint.Section.of("empty", new float[0]));
  }

  private Path saved() throws IOException {
    Path file = dir.resolve("model.bin");
    Checkpoint.save(file, "Digits", FINGERPRINT, sections());
    return file;
  }

  @Test
  void roundTrips() throws IOException {
    Checkpoint c = Checkpoint.load(saved(), "Digits", FINGERPRINT);
    assertEquals("Digits", c.model());
    assertEquals(FINGERPRINT, c.fingerprint());
    assertEquals(List.of("params", "adam.m", "empty"), c.sectionNames());
    assertArrayEquals(new float[] {1.5f, -2, Float.MIN_VALUE, 3e38f}, c.floats("params"));
    assertArrayEquals(new double[] {0.25, -1e-300}, c.doubles("adam.m"));
    assertEquals(0, c.floats("empty").length);
  }

  @Test
  void roundTripsSectionsLargerThanTheIoBuffers() throws IOException {
    float[] floats = new float[100_003];
    double[] doubles = new double[50_001];
    Init.normal(floats, 0, floats.length, 0, 1, new Rng(1));
    Init.normal(doubles, 0, doubles.length, 0, 1, new Rng(2));
    Path file = dir.resolve("big.bin");
    Checkpoint.save(file, "Big", 7, List.of(Checkpoint.Section.of("f", floats),
        Checkpoint.Section.of("d", doubles)));
    Checkpoint c = Checkpoint.load(file, "Big", 7);
    assertArrayEquals(floats, c.floats("f"));
    assertArrayEquals(doubles, c.doubles("d"));
  }

  @Test
  void refusesMissingSectionsAndTheOtherElementType() throws IOException {
    Checkpoint c = Checkpoint.load(saved(), "Digits", FINGERPRINT);
    assertThrows(CheckpointException.class, () -> c.doubles("params"));
    assertThrows(CheckpointException.class, () -> c.floats("adam.m"));
    CheckpointException e = assertThrows(CheckpointException.class, () -> c.floats("nope"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void refusesAnotherModelOrFingerprint() throws IOException {
    Path file = saved();
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Checkpoint.load(file, "Xor", FINGERPRINT));
    assertEquals(file + ": saved by model Digits, not Xor", e.getMessage());
    e = assertThrows(CheckpointException.class,
        () -> Checkpoint.load(file, "Digits", FINGERPRINT + 1));
    assertTrue(e.getMessage().startsWith(file + ": saved by a different version"), e.getMessage());
  }

  @Test
  void refusesBadMagicAndUnknownVersions() throws IOException {
    byte[] bytes = Files.readAllBytes(saved());
    Path other = dir.resolve("other.bin");
    byte[] badMagic = bytes.clone();
    badMagic[0] = 'X';
    Files.write(other, badMagic);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Checkpoint.load(other, "Digits", FINGERPRINT));
    assertTrue(e.getMessage().contains("not a modelc checkpoint"), e.getMessage());

    byte[] version2 = bytes.clone();
    version2[11] = 2;
    Files.write(other, version2);
    e = assertThrows(CheckpointException.class,
        () -> Checkpoint.load(other, "Digits", FINGERPRINT));
    assertTrue(e.getMessage().contains("unsupported checkpoint format version 2"), e.getMessage());
  }

  @Test
  void refusesEveryTruncation() throws IOException {
    byte[] bytes = Files.readAllBytes(saved());
    Path cut = dir.resolve("cut.bin");
    for (int length = 0; length < bytes.length; length++) {
      Files.write(cut, Arrays.copyOf(bytes, length));
      assertThrows(CheckpointException.class, () -> Checkpoint.load(cut, "Digits", FINGERPRINT),
          "truncated to " + length + " bytes");
    }
    Files.write(cut, Arrays.copyOf(bytes, bytes.length + 1));
    assertThrows(CheckpointException.class, () -> Checkpoint.load(cut, "Digits", FINGERPRINT));
  }

  @Test
  void refusesRandomBitFlips() throws IOException {
    byte[] bytes = Files.readAllBytes(saved());
    Path flipped = dir.resolve("flipped.bin");
    Rng rng = new Rng(2024);
    for (int trial = 0; trial < 300; trial++) {
      byte[] copy = bytes.clone();
      int bit = rng.nextInt(copy.length * 8);
      copy[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(flipped, copy);
      assertThrows(CheckpointException.class,
          () -> Checkpoint.load(flipped, "Digits", FINGERPRINT), "bit " + bit + " flipped");
    }
  }

  @Test
  void saveReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = saved();
    Checkpoint.save(file, "Digits", FINGERPRINT,
        List.of(Checkpoint.Section.of("params", new float[] {7})));
    Checkpoint replaced = Checkpoint.load(file, "Digits", FINGERPRINT);
    assertArrayEquals(new float[] {7}, replaced.floats("params"));
    assertEquals(List.of(file), listDir());
  }

  @Test
  void theFileGetsTheUsualPermissionsForNewFiles() throws IOException {
    Path file = saved();
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }
  }

  @Test
  void aFailedSaveRemovesItsTemporaryFile() throws IOException {
    Path target = Files.createDirectory(dir.resolve("occupied"));
    Files.writeString(target.resolve("keep.txt"), "x");
    // Renaming over a non-empty directory fails after the temporary file has been written.
    assertThrows(IOException.class,
        () -> Checkpoint.save(target, "Digits", FINGERPRINT, sections()));
    assertEquals(List.of(target), listDir());
    assertTrue(Files.exists(target.resolve("keep.txt")));
  }

  @Test
  void rejectsDuplicateSectionNames() {
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(dir.resolve("d.bin"),
        "Digits", FINGERPRINT, List.of(Checkpoint.Section.of("p", new float[1]),
            Checkpoint.Section.of("p", new double[1]))));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint.Section("p", new int[1]));
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
