package dev.modelc.runtime;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a pair of IDX files of the MNIST family (MNIST, Fashion-MNIST, EMNIST, KMNIST), an images
 * file and a labels file, into a {@link Dataset}.
 *
 * <p>An IDX file is a header (two zero bytes, a type byte, a dimension count {@code d}, then
 * {@code d} big-endian 32-bit sizes) followed by the values, row-major. The first size counts the
 * records. Both files must hold unsigned bytes (type {@code 0x08}), plain or gzip-compressed (the
 * compression is recognized by its magic bytes, not by the file name).
 *
 * <ul>
 *   <li>The images file may have any number of dimensions after the count ({@code [n, 28, 28]}
 *       for MNIST); each record is flattened row-major into one example's input, and each byte
 *       {@code b} becomes {@code b / 255}, so inputs lie in [0, 1].
 *   <li>The labels file has one dimension, {@code [n]}; each byte is a class index, stored as one
 *       target float per example.
 * </ul>
 *
 * <p>A truncated, corrupt or mismatched file is reported as a {@link DataFormatException} whose
 * message names the file and the record (or the header), such as {@code labels.idx: record 7: the
 * file ends inside this record}, before anything is returned; its {@link DataFormatException#line()}
 * is the 1-based record, 0 for the header.
 */
public final class Idx {

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int BUFFER = 1 << 16;
  /** Above this many values a float array cannot be allocated. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private Idx() {}

  /** Reads the images and their labels; see the class comment for the format and the scaling. */
  public static Dataset read(Path images, Path labels) throws IOException {
    float[] inputs;
    int count;
    int recordSize;
    try (InputStream in = open(images)) {
      long[] shape = header(in, images.toString());
      count = (int) shape[0];
      recordSize = (int) sizeOfRecord(shape, images.toString());
      inputs = values(in, images.toString(), count, recordSize, true);
    }
    float[] targets;
    try (InputStream in = open(labels)) {
      String name = labels.toString();
      long[] shape = header(in, name);
      if (shape.length != 1) {
        throw new IdxException(name, 0, "a labels file has one dimension, but this one has "
            + shape.length + " (" + dims(shape) + "); are the images and labels files swapped?");
      }
      if (shape[0] != count) {
        throw new IdxException(name, 0, "it holds " + shape[0] + " labels, but " + images
            + " holds " + count + " images");
      }
      targets = values(in, name, count, 1, false);
    }
    return Dataset.of(inputs, targets, recordSize, 1);
  }

  /** Opens a file, decompressing it when it starts with the gzip magic bytes. */
  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, BUFFER) : in;
    } catch (IOException e) {
      in.close();
      if (e instanceof ZipException || e instanceof EOFException) {
        throw new IdxException(file.toString(), 0, damage(e));
      }
      throw e;
    }
  }

  /** Reads and checks the header; returns the sizes of the dimensions, the count first. */
  private static long[] header(InputStream in, String file) throws IOException {
    byte[] magic = new byte[4];
    if (readFully(in, file, 0, magic, 0, 4) < 4) {
      throw new IdxException(file, 0, "the file ends before the 4 bytes of its magic number");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxException(file, 0, String.format(
          "not an IDX file: it starts with bytes %02x %02x, not 00 00", magic[0] & 0xff, magic[1] & 0xff));
    }
    if ((magic[2] & 0xff) != UNSIGNED_BYTE) {
      throw new IdxException(file, 0, String.format(
          "the values have type 0x%02x; only unsigned bytes (0x08) are supported", magic[2] & 0xff));
    }
    int rank = magic[3] & 0xff;
    if (rank < 1) {
      throw new IdxException(file, 0, "the file declares no dimensions, so it holds no records");
    }
    byte[] sizes = new byte[4 * rank];
    if (readFully(in, file, 0, sizes, 0, sizes.length) < sizes.length) {
      throw new IdxException(file, 0, "the file ends inside the sizes of its " + rank + " dimensions");
    }
    long[] shape = new long[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = ((sizes[4 * i] & 0xffL) << 24) | ((sizes[4 * i + 1] & 0xff) << 16)
          | ((sizes[4 * i + 2] & 0xff) << 8) | (sizes[4 * i + 3] & 0xff);
    }
    if (shape[0] == 0) {
      throw new IdxException(file, 0, "the file holds no records");
    }
    return shape;
  }

  /** The number of values in one record, the product of the sizes after the count. */
  private static long sizeOfRecord(long[] shape, String file) throws IdxException {
    long size = 1;
    for (int i = 1; i < shape.length; i++) {
      size *= shape[i];
      if (size > MAX_VALUES) {
        break;
      }
    }
    if (size == 0) {
      throw new IdxException(file, 0, "the records are empty (" + dims(shape) + ")");
    }
    if (size > MAX_VALUES || shape[0] > MAX_VALUES / size) {
      throw new IdxException(file, 0, "the data (" + dims(shape) + ") is too large for one array");
    }
    return size;
  }

  /**
   * Reads {@code count} records of {@code recordSize} unsigned bytes each, divided by 255 when
   * {@code scale} (images) and kept as they are otherwise (labels), and checks that nothing
   * follows them.
   */
  private static float[] values(InputStream in, String file, int count, int recordSize, boolean scale)
      throws IOException {
    float[] out = new float[Math.multiplyExact(count, recordSize)];
    byte[] buffer = new byte[BUFFER];
    int done = 0;
    while (done < out.length) {
      int want = Math.min(buffer.length, out.length - done);
      int got = readFully(in, file, done / recordSize + 1, buffer, 0, want);
      for (int i = 0; i < got; i++) {
        out[done + i] = scale ? (buffer[i] & 0xff) / 255f : buffer[i] & 0xff;
      }
      done += got;
      if (got < want) {
        int record = done / recordSize + 1;
        throw new IdxException(file, record, "the file ends inside this record, after "
            + (done - (record - 1) * (long) recordSize) + " of its " + recordSize + " bytes ("
            + count + " records declared)");
      }
    }
    if (readFully(in, file, count, buffer, 0, 1) > 0) {
      throw new IdxException(file, count, "more bytes follow this last declared record");
    }
    return out;
  }

  /**
   * Reads up to {@code length} bytes, stopping early only at the end of the file; reports corrupt
   * compressed data at {@code record}.
   */
  private static int readFully(InputStream in, String file, int record, byte[] b, int off, int length)
      throws IOException {
    int total = 0;
    try {
      while (total < length) {
        int n = in.read(b, off + total, length - total);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (ZipException | EOFException e) {
      throw new IdxException(file, record, damage(e));
    }
    return total;
  }

  /** GZIPInputStream reports damaged data as a ZipException and a cut-off stream as an EOFException. */
  private static String damage(IOException e) {
    return e instanceof EOFException
        ? "corrupt gzip data: the compressed stream is cut off"
        : "corrupt gzip data" + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String dims(long[] shape) {
    StringBuilder s = new StringBuilder();
    for (long d : shape) {
      s.append(s.length() == 0 ? "" : " x ").append(d);
    }
    return s.toString();
  }

  /** A {@link DataFormatException} located at a record of a binary file rather than a line of text. */
  private static final class IdxException extends DataFormatException {
    private static final long serialVersionUID = 1L;

    private final String message;

    IdxException(String file, int record, String reason) {
      super(file, record, 0, reason);
      this.message = file + ": " + (record == 0 ? "header" : "record " + record) + ": " + reason;
    }

    @Override
    public String getMessage() {
      return message;
    }
  }
}
