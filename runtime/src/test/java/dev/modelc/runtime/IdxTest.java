package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

  @TempDir Path dir;

  /** An IDX file of unsigned bytes with the given sizes, the count first, and values. */
  static byte[] idx(int[] sizes, int... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(0);
    out.write(0x08);
    out.write(sizes.length);
    for (int s : sizes) {
      out.write(s >>> 24);
      out.write(s >>> 16);
      out.write(s >>> 8);
      out.write(s);
    }
    for (int v : values) {
      out.write(v);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private Path gzip(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(bytes);
    }
    return file;
  }

  /** Three 2x2 images and their labels. */
  private static final byte[] IMAGES = idx(new int[] {3, 2, 2}, 0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0);
  private static final byte[] LABELS = idx(new int[] {3}, 7, 0, 9);

  private DataFormatException damaged(byte[] images, byte[] labels) throws IOException {
    Path x = write("images.idx", images);
    Path y = write("labels.idx", labels);
    return assertThrows(DataFormatException.class, () -> Idx.read(x, y));
  }

  private static void assertMessage(DataFormatException e, String expected) {
    assertTrue(e.getMessage().endsWith(expected), e.getMessage());
  }

  @Test
  void flattensImagesScalesThemToTheUnitIntervalAndKeepsLabelsAsClassIndices() throws IOException {
    Dataset d = Idx.read(write("images.idx", IMAGES), write("labels.idx", LABELS));
    assertEquals(3, d.size());
    assertEquals(4, d.inputSize());
    assertEquals(1, d.targetSize());
    assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f, 1, 1, 0, 0},
        d.inputs());
    assertArrayEquals(new float[] {7, 0, 9}, d.targets());
  }

  @Test
  void readsGzipCompressedFilesWhateverTheirNames() throws IOException {
    Dataset plain = Idx.read(write("a.idx", IMAGES), write("b.idx", LABELS));
    Dataset both = Idx.read(gzip("images.idx.gz", IMAGES), gzip("labels.idx.gz", LABELS));
    Dataset mixed = Idx.read(gzip("images-ubyte", IMAGES), write("labels-ubyte", LABELS));
    assertArrayEquals(plain.inputs(), both.inputs());
    assertArrayEquals(plain.targets(), both.targets());
    assertArrayEquals(plain.inputs(), mixed.inputs());
  }

  @Test
  void acceptsAnyNumberOfDimensionsAfterTheCount() throws IOException {
    Path labels = write("labels.idx", idx(new int[] {2}, 1, 0));
    Dataset vectors = Idx.read(write("v.idx", idx(new int[] {2, 3}, 0, 0, 0, 255, 255, 255)), labels);
    assertEquals(3, vectors.inputSize());
    int[] cube = new int[16];
    Arrays.fill(cube, 255);
    Dataset cubes = Idx.read(write("c.idx", idx(new int[] {2, 2, 2, 2}, cube)), labels);
    assertEquals(8, cubes.inputSize());
    Dataset scalars = Idx.read(write("s.idx", idx(new int[] {2}, 255, 0)), labels);
    assertEquals(1, scalars.inputSize());
    assertArrayEquals(new float[] {1, 0}, scalars.inputs());
  }

  @Test
  void aFileThatIsNotIdxIsRefusedAtItsHeader() throws IOException {
    DataFormatException e = damaged("a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), LABELS);
    assertEquals(dir.resolve("images.idx") + ": header: not an IDX file: it starts with bytes 61 2c, not 00 00",
        e.getMessage());
    assertEquals(0, e.line());
    assertEquals(dir.resolve("images.idx").toString(), e.file());
  }

  @Test
  void damagedHeadersAreNamed() throws IOException {
    assertMessage(damaged(new byte[0], LABELS), "images.idx: header: the file ends before the 4 bytes of its magic number");
    assertMessage(damaged(new byte[] {0, 0, 8}, LABELS), "header: the file ends before the 4 bytes of its magic number");
    byte[] floats = IMAGES.clone();
    floats[2] = 0x0D;
    assertMessage(damaged(floats, LABELS), "header: the values have type 0x0d; only unsigned bytes (0x08) are supported");
    assertMessage(damaged(new byte[] {0, 0, 8, 0}, LABELS), "header: the file declares no dimensions, so it holds no records");
    assertMessage(damaged(Arrays.copyOf(IMAGES, 9), LABELS), "header: the file ends inside the sizes of its 3 dimensions");
    assertMessage(damaged(idx(new int[] {0, 2}), idx(new int[] {0})), "images.idx: header: the file holds no records");
    assertMessage(damaged(idx(new int[] {3, 0}), LABELS), "header: the records are empty (3 x 0)");
    assertMessage(damaged(idx(new int[] {70000, 70000, 70000}), LABELS), "header: the data (70000 x 70000 x 70000) is too large for one array");
    assertMessage(damaged(idx(new int[] {-1, 2}), LABELS), "header: the data (4294967295 x 2) is too large for one array");
  }

  @Test
  void aTruncatedFileNamesTheRecordWhereItEnds() throws IOException {
    DataFormatException e = damaged(Arrays.copyOf(IMAGES, IMAGES.length - 3), LABELS);
    assertEquals(dir.resolve("images.idx") + ": record 3: the file ends inside this record, after 1 of its 4 bytes"
        + " (3 records declared)", e.getMessage());
    assertEquals(3, e.line());
    assertMessage(damaged(IMAGES, Arrays.copyOf(LABELS, LABELS.length - 1)),
        "labels.idx: record 3: the file ends inside this record, after 0 of its 1 bytes (3 records declared)");
  }

  @Test
  void bytesAfterTheLastRecordAreAnError() throws IOException {
    byte[] longer = Arrays.copyOf(LABELS, LABELS.length + 2);
    assertMessage(damaged(IMAGES, longer), "labels.idx: record 3: more bytes follow this last declared record");
  }

  @Test
  void mismatchedFilesAreRefused() throws IOException {
    assertMessage(damaged(IMAGES, idx(new int[] {2}, 1, 2)),
        "labels.idx: header: it holds 2 labels, but " + dir.resolve("images.idx") + " holds 3 images");
    assertMessage(damaged(LABELS, IMAGES), "labels.idx: header: a labels file has one dimension, but this one"
        + " has 3 (3 x 2 x 2); are the images and labels files swapped?");
  }

  @Test
  void corruptOrCutOffCompressedDataIsAnError() throws IOException {
    byte[] big = new byte[20000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + i / 7);
    }
    byte[] images = idx(new int[] {100, 200}, toInts(big));
    byte[] labels = idx(new int[] {100}, new int[100]);
    Path y = write("labels.idx", labels);
    byte[] compressed = Files.readAllBytes(gzip("good.gz", images));
    assertEquals(100, Idx.read(dir.resolve("good.gz"), y).size());

    byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
    Path cutFile = write("cut.gz", cut);
    DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(cutFile, y));
    assertTrue(e.getMessage().startsWith(cutFile + ": record "), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt gzip data") || e.getMessage().contains("the file ends inside"),
        e.getMessage());

    byte[] flipped = compressed.clone();
    for (int i = 20; i < flipped.length - 8; i += 17) {
      flipped[i] ^= 0x5a;
    }
    Path flippedFile = write("flipped.gz", flipped);
    DataFormatException f = assertThrows(DataFormatException.class, () -> Idx.read(flippedFile, y));
    assertTrue(f.getMessage().startsWith(flippedFile + ": "), f.getMessage());

    byte[] trailer = compressed.clone();
    trailer[trailer.length - 6] ^= 1; // the CRC-32 of the uncompressed data
    Path trailerFile = write("trailer.gz", trailer);
    DataFormatException t = assertThrows(DataFormatException.class, () -> Idx.read(trailerFile, y));
    assertTrue(t.getMessage().contains("corrupt gzip data"), t.getMessage());

    Path header = write("header.gz", Arrays.copyOf(compressed, 5));
    DataFormatException h = assertThrows(DataFormatException.class, () -> Idx.read(header, y));
    assertEquals(header + ": header: corrupt gzip data: the compressed stream is cut off", h.getMessage());
  }

  private static int[] toInts(byte[] bytes) {
    int[] ints = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ints[i] = bytes[i] & 0xff;
    }
    return ints;
  }
}
