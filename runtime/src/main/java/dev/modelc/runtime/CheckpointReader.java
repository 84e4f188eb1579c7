package dev.modelc.runtime;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Parses and verifies the bytes of a {@link Checkpoint} file, refusing anything but an intact
 * checkpoint of the expected model.
 *
 * <p>The structure is parsed first, with every length checked against the bytes that remain (so
 * a corrupted length cannot cause a huge allocation), then the checksum, then the model's name
 * and fingerprint: a damaged file is reported as damaged, not as belonging to another model.
 */
final class CheckpointReader {

  private static final int HEADER = Checkpoint.MAGIC.length + Integer.BYTES;

  private final String file;
  private final byte[] bytes;

  private CheckpointReader(String file, byte[] bytes) {
    this.file = file;
    this.bytes = bytes;
  }

  static Checkpoint read(Path path, byte[] bytes, String model, long fingerprint)
      throws CheckpointException {
    return new CheckpointReader(path.toString(), bytes).read(model, fingerprint);
  }

  private Checkpoint read(String model, long fingerprint) throws CheckpointException {
    byte[] magic = Checkpoint.MAGIC;
    int prefix = Math.min(bytes.length, magic.length);
    if (!Arrays.equals(bytes, 0, prefix, magic, 0, prefix)) {
      throw fail("not a modelc checkpoint (bad magic bytes)");
    }
    if (bytes.length < HEADER) {
      throw truncated();
    }
    int version = ByteBuffer.wrap(bytes, magic.length, Integer.BYTES).getInt();
    if (version != Checkpoint.VERSION) {
      throw fail("unsupported checkpoint format version " + version
          + " (this runtime reads version " + Checkpoint.VERSION + ")");
    }

    ByteArrayInputStream stream =
        new ByteArrayInputStream(bytes, HEADER, bytes.length - HEADER);
    DataInputStream in = new DataInputStream(stream);
    String savedModel;
    long savedFingerprint;
    Map<String, Object> sections = new LinkedHashMap<>();
    try {
      savedModel = in.readUTF();
      savedFingerprint = in.readLong();
      int count = in.readInt();
      // Each section takes at least 7 bytes: name length, type tag and element count.
      if (count < 0 || (long) count * 7 > stream.available()) {
        throw fail("corrupted: impossible section count " + count);
      }
      for (int s = 0; s < count; s++) {
        String name = in.readUTF();
        byte type = in.readByte();
        int length = in.readInt();
        int width = type == Checkpoint.FLOAT ? Float.BYTES
            : type == Checkpoint.DOUBLE ? Double.BYTES : 0;
        if (width == 0) {
          throw fail("corrupted: unknown element type " + type + " in section " + name);
        }
        if (length < 0 || (long) length * width > stream.available()) {
          throw fail("truncated or corrupted: section " + name + " declares " + length
              + " elements but only " + stream.available() + " bytes remain");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, bytes.length - stream.available(), length * width);
        Object values;
        if (width == Float.BYTES) {
          float[] f = new float[length];
          data.asFloatBuffer().get(f);
          values = f;
        } else {
          double[] d = new double[length];
          data.asDoubleBuffer().get(d);
          values = d;
        }
        in.skipNBytes((long) length * width);
        if (sections.put(name, values) != null) {
          throw fail("corrupted: two sections named " + name);
        }
      }
    } catch (EOFException e) {
      throw truncated();
    } catch (UTFDataFormatException e) {
      throw fail("corrupted: malformed text");
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw fail("unreadable: " + e.getMessage()); // a byte array stream does not fail otherwise
    }

    int trailing = stream.available();
    if (trailing < Integer.BYTES) {
      throw truncated();
    }
    if (trailing > Integer.BYTES) {
      throw fail("corrupted: " + (trailing - Integer.BYTES) + " unexpected bytes after the data");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - Integer.BYTES);
    int stored = ByteBuffer.wrap(bytes, bytes.length - Integer.BYTES, Integer.BYTES).getInt();
    if (stored != (int) crc.getValue()) {
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

  private CheckpointException truncated() {
    return fail("truncated: the file ends early, after " + bytes.length + " bytes");
  }

  private CheckpointException fail(String reason) {
    return new CheckpointException(file, reason);
  }
}
