package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Path writeGzip(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  @Test
  void readsAHeaderAndTheTargetInTheLastColumn() throws IOException {
    Dataset d = Csv.read(write("iris.csv", "a,b,label\n1,2,0\n3.5,-4e-1,1\n"), 1);
    assertEquals(2, d.size());
    assertEquals(2, d.inputSize());
    assertEquals(1, d.targetSize());
    assertArrayEquals(new float[] {1, 2, 3.5f, -0.4f}, d.inputs());
    assertArrayEquals(new float[] {0, 1}, d.targets());
  }

  @Test
  void readsAFileWithoutHeader() throws IOException {
    Dataset d = Csv.read(write("plain.csv", "1,2,3\n4,5,6\n"), 2);
    assertEquals(2, d.size());
    assertArrayEquals(new float[] {1, 4}, d.inputs());
    assertArrayEquals(new float[] {2, 3, 5, 6}, d.targets());
  }

  @Test
  void readsTargetColumnsFromTheMiddle() throws IOException {
    Dataset d = Csv.read(write("mid.csv", "x0,t0,t1,x1\n1,2,3,4\n5,6,7,8\n"), 1, 2);
    assertArrayEquals(new float[] {1, 4, 5, 8}, d.inputs());
    assertArrayEquals(new float[] {2, 3, 6, 7}, d.targets());
    Dataset first = Csv.read(write("first.csv", "9,1,2\n"), 0, 1);
    assertArrayEquals(new float[] {1, 2}, first.inputs());
    assertArrayEquals(new float[] {9}, first.targets());
  }

  @Test
  void acceptsCrlfBomSpacesQuotesAndBlankLines() throws IOException {
    String text = "\uFEFF\"sepal length\", \"class\"\r\n 1.5 , 2\r\n\r\n\"3\",4\r\n\r\n  \r\n";
    Dataset d = Csv.read(write("messy.csv", text), 1);
    assertArrayEquals(new float[] {1.5f, 3}, d.inputs());
    assertArrayEquals(new float[] {2, 4}, d.targets());
  }

  @Test
  void readsGzipByItsMagicBytesWhateverTheName() throws IOException {
    String text = "x,y\n1,2\n3,4\n";
    Dataset named = Csv.read(writeGzip("data.csv.gz", text), 1);
    Dataset unnamed = Csv.read(writeGzip("data.csv", text), 1);
    Dataset plain = Csv.read(write("plain.csv.gz", text), 1);
    for (Dataset d : new Dataset[] {named, unnamed, plain}) {
      assertArrayEquals(new float[] {1, 3}, d.inputs());
      assertArrayEquals(new float[] {2, 4}, d.targets());
    }
  }

  @Test
  void reportsARaggedRowWithFileAndLine() throws IOException {
    Path file = write("iris.csv", "a,b,c,d,e\n1,2,3,4,5\n\n1,2,3,4\n");
    DataFormatException e = assertThrows(DataFormatException.class, () -> Csv.read(file, 1));
    assertEquals(file + ":4: expected 5 columns, found 4", e.getMessage());
    assertEquals(4, e.line());
    assertEquals(0, e.column());
  }

  @Test
  void reportsANonNumericFieldWithLineAndColumn() throws IOException {
    Path file = write("bad.csv", "1,2,3\n4,five,6\n");
    DataFormatException e = assertThrows(DataFormatException.class, () -> Csv.read(file, 1));
    assertEquals(file + ":2:2: not a number: \"five\"", e.getMessage());
    assertEquals(2, e.column());
  }

  @Test
  void reportsEmptyAndNonFiniteFields() throws IOException {
    assertMessage("1,,3\n", ":1:2: empty field");
    assertMessage("1,NaN,3\n", ":1:2: non-finite value \"NaN\"");
    assertMessage("x,y\n1,-inf\n", ":2:2: non-finite value \"-inf\"");
    assertMessage("1,1e60\n", ":1:2: value 1e60 is out of range for float");
    assertMessage("1,2\n1,0x10\n", ":2:2: not a number: \"0x10\"");
  }

  @Test
  void reportsFilesWithoutData() throws IOException {
    assertMessage("", ":1: the file is empty");
    assertMessage("\n\n", ":2: the file is empty");
    assertMessage("a,b\n", ":1: no data rows after the header");
  }

  @Test
  void reportsTooFewColumnsForTheTarget() throws IOException {
    Path file = write("narrow.csv", "1,2\n");
    assertThrows(DataFormatException.class, () -> Csv.read(file, 2));
    assertThrows(DataFormatException.class, () -> Csv.read(file, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> Csv.read(file, 0));
    assertThrows(IllegalArgumentException.class, () -> Csv.read(file, -1, 1));
  }

  @Test
  void reportsCorruptGzip() throws IOException {
    Path good = writeGzip("cut.csv.gz", "1,2\n".repeat(1000));
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut2.csv.gz");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    DataFormatException e = assertThrows(DataFormatException.class, () -> Csv.read(cut, 1));
    assertEquals(cut.toString(), e.file());
  }

  @Test
  void recognizesDecimalNumbers() {
    for (String s : new String[] {"0", "-1", "+2.", ".5", "1e5", "1.5E-3", "-.25e+2"}) {
      assertEquals(true, Csv.isDecimal(s), s);
    }
    for (String s : new String[] {"", "-", ".", "e5", "1e", "1f", "0x1", "1.2.3", "NaN", "1 2"}) {
      assertEquals(false, Csv.isDecimal(s), s);
    }
  }

  private void assertMessage(String text, String expectedSuffix) throws IOException {
    Path file = write("case.csv", text);
    DataFormatException e = assertThrows(DataFormatException.class, () -> Csv.read(file, 1));
    assertEquals(file + expectedSuffix, e.getMessage());
  }
}
