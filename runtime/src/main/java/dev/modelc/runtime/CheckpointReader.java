package dev.modelc.runtime;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * Reads and verifies a {@link Checkpoint} file, refusing anything but an intact checkpoint of the
 * expected model.
 *
 * <p>The file is streamed once: every length is checked against the bytes left in the file
 * before anything is allocated (so a corrupted length cannot ask for gigabytes), the checksum is
 * computed along the way, and the model's name and fingerprint are compared last, so a damaged
 * file is reported as damaged rather than as belonging to another model.
 */
final class CheckpointReader {

  private final String file;
  private final long size;
  private final Counting counted;
  private final CRC32 crc = new CRC32();
  private final DataInputStream in;

  private CheckpointReader(String file, long size, InputStream raw) {
    this.file = file;
    this.size = size;
    this.counted = new Counting(new BufferedInputStream(raw, 1 << 16));
    this.in = new DataInputStream(new CheckedInputStream(counted, crc));
  }

  static Checkpoint read(Path path, String model, long fingerprint) throws IOException {
    long size = Files.size(path);
    try (InputStream raw = Files.newInputStream(path)) {
      return new CheckpointReader(path.toString(), size, raw).read(model, fingerprint);
    } catch (EOFException e) {
      throw new CheckpointException(path.toString(),
          "truncated: the file ends early, after " + size + " bytes");
    } catch (UTFDataFormatException e) {
      throw new CheckpointException(path.toString(), "corrupted: malformed text");
    }
  }

  private Checkpoint read(String model, long fingerprint) throws IOException {
    byte[] magic = Checkpoint.MAGIC;
    byte[] start = in.readNBytes(magic.length);
    if (!Arrays.equals(start, Arrays.copyOf(magic, start.length))) {
      throw fail("not a modelc checkpoint (bad magic bytes)");
    }
    if (start.length < magic.length) {
      throw new EOFException();
    }
    int version = in.readInt();
    if (version != Checkpoint.VERSION) {
      throw fail("unsupported checkpoint format version " + version
          + " (this runtime reads version " + Checkpoint.VERSION + ")");
    }
    String savedModel = in.readUTF();
    long savedFingerprint = in.readLong();
    int count = in.readInt();
    // Each section takes at least 7 bytes: name length, type tag and element count.
    if (count < 0 || (long) count * 7 > remaining()) {
      throw fail("corrupted: impossible section count " + count);
    }
    Map<String, Object> sections = new LinkedHashMap<>();
    byte[] buffer = new byte[1 << 16];
    for (int s = 0; s < count; s++) {
      String name = in.readUTF();
      byte type = in.readByte();
      int length = in.readInt();
      int width = type == Checkpoint.FLOAT ? Float.BYTES
          : type == Checkpoint.DOUBLE ? Double.BYTES : 0;
      if (width == 0) {
        throw fail("corrupted: unknown element type " + type + " in section " + name);
      }
      if (length < 0 || (long) length * width > remaining()) {
        throw fail("truncated or corrupted: section " + name + " declares " + length
            + " elements but only " + remaining() + " bytes remain");
      }
      Object data = width == Float.BYTES ? readFloats(length, buffer) : readDoubles(length, buffer);
      if (sections.put(name, data) != null) {
        throw fail("corrupted: two sections named " + name);
      }
    }

    long expected = crc.getValue();
    // The checksum is read beneath the checked stream, so it is not part of its own sum.
    int stored = new DataInputStream(counted).readInt();
    if (counted.read() >= 0) {
      throw fail("corrupted: unexpected bytes after the checksum");
    }
    if (stored != (int) expected) {
      throw fail("checksum mismatch: the file is corrupted");
    }
    if (!savedModel.equals(model)) {
      throw fail("saved by model " + savedModel + ", not " + model);
    }
    if (savedFingerprint != fingerprint) {
      throw fail(String.format("saved by a different version of model %s (fingerprint %016x,"
          + " expected %016x): its parameters or training setup changed", model,
          savedFingerprint, fingerprint));
    }
    return Checkpoint.of(file, savedModel, savedFingerprint, sections);
  }

  private float[] readFloats(int length, byte[] buffer) throws IOException {
    float[] data = new float[length];
    int perChunk = buffer.length / Float.BYTES;
    for (int done = 0; done < length; ) {
      int n = Math.min(perChunk, length - done);
      in.readFully(buffer, 0, n * Float.BYTES);
      ByteBuffer.wrap(buffer, 0, n * Float.BYTES).asFloatBuffer().get(data, done, n);
      done += n;
    }
    return data;
  }

  private double[] readDoubles(int length, byte[] buffer) throws IOException {
    double[] data = new double[length];
    int perChunk = buffer.length / Double.BYTES;
    for (int done = 0; done < length; ) {
      int n = Math.min(perChunk, length - done);
      in.readFully(buffer, 0, n * Double.BYTES);
      ByteBuffer.wrap(buffer, 0, n * Double.BYTES).asDoubleBuffer().get(data, done, n);
      done += n;
    }
    return data;
  }

  /** The bytes of the file not yet read. */
  private long remaining() {
    return size - counted.count;
  }

  private CheckpointException fail(String reason) {
    return new CheckpointException(file, reason);
  }

  /** Counts the bytes read through it. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
