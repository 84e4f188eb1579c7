package dev.modelc.runtime;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A saved model state: named {@code float[]} and {@code double[]} sections (parameters, running
 * statistics, optimizer moments) tagged with the model's name and fingerprint.
 *
 * <p>The file, big-endian throughout, is: the magic bytes {@code MODELC\r\n} (the line ending
 * reveals a text-mode copy); the format version (int, 1); the model name (modified UTF-8, as
 * {@code DataOutput.writeUTF}); the fingerprint (long); the number of sections (int); each
 * section as its name (UTF), element type tag (byte: 1 float, 2 double), length (int) and
 * elements; and finally the CRC32 of every byte before it (int). Saving replaces the file
 * atomically, so a crash leaves either the old file or the new one.
 */
public final class Checkpoint {

  static final byte[] MAGIC = {'M', 'O', 'D', 'E', 'L', 'C', '\r', '\n'};
  static final int VERSION = 1;
  static final byte FLOAT = 1;
  static final byte DOUBLE = 2;

  private final String model;
  private final long fingerprint;
  private final String file;
  private final Map<String, Object> sections;

  private Checkpoint(String file, String model, long fingerprint, Map<String, Object> sections) {
    this.file = file;
    this.model = model;
    this.fingerprint = fingerprint;
    this.sections = sections;
  }

  /** One named array of a checkpoint; {@code data} is a {@code float[]} or a {@code double[]}. */
  public record Section(String name, Object data) {

    public Section {
      Objects.requireNonNull(name, "name");
      if (!(data instanceof float[]) && !(data instanceof double[])) {
        throw new IllegalArgumentException(
            "section " + name + " must hold a float[] or a double[], not " + data);
      }
    }

    /** A section holding {@code data} (not copied). */
    public static Section of(String name, float[] data) {
      return new Section(name, data);
    }

    /** A section holding {@code data} (not copied). */
    public static Section of(String name, double[] data) {
      return new Section(name, data);
    }
  }

  /**
   * Writes a checkpoint to {@code file}, replacing it atomically: the data goes to a temporary
   * file in the same folder, is forced to disk, and is then renamed over the target.
   */
  public static void save(Path file, String model, long fingerprint, List<Section> sections)
      throws IOException {
    Objects.requireNonNull(model, "model");
    checkNamesUnique(sections);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    // Created here rather than by Files.createTempFile, whose owner-only permissions would
    // carry over to the checkpoint.
    Path tmp = dir.resolve("." + target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    FileChannel channel =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean moved = false;
    try {
      try (channel) {
        write(channel, model, fingerprint, sections);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
    syncDirectory(dir);
  }

  /** Makes the rename durable where the platform allows opening a folder; elsewhere a no-op. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every file system can sync a folder; the file itself is already on disk.
    }
  }

  private static void checkNamesUnique(List<Section> sections) {
    Set<String> names = new HashSet<>();
    for (Section s : sections) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("two sections named " + s.name());
      }
    }
  }

  private static void write(
      FileChannel channel, String model, long fingerprint, List<Section> sections)
      throws IOException {
    BufferedOutputStream buffered =
        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(model);
    out.writeLong(fingerprint);
    out.writeInt(sections.size());
    // Elements go through a big-endian byte buffer, a chunk at a time, rather than one
    // writeFloat call each.
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    for (Section s : sections) {
      out.writeUTF(s.name());
      if (s.data() instanceof float[]) {
        float[] data = (float[]) s.data();
        out.writeByte(FLOAT);
        out.writeInt(data.length);
        for (int i = 0; i < data.length; ) {
          chunk.clear();
          for (; i < data.length && chunk.remaining() >= Float.BYTES; i++) {
            chunk.putFloat(data[i]);
          }
          out.write(chunk.array(), 0, chunk.position());
        }
      } else {
        double[] data = (double[]) s.data();
        out.writeByte(DOUBLE);
        out.writeInt(data.length);
        for (int i = 0; i < data.length; ) {
          chunk.clear();
          for (; i < data.length && chunk.remaining() >= Double.BYTES; i++) {
            chunk.putDouble(data[i]);
          }
          out.write(chunk.array(), 0, chunk.position());
        }
      }
    }
    out.flush();
    // The checksum bypasses the checked stream: it covers everything before it.
    new DataOutputStream(buffered).writeInt((int) crc.getValue());
    buffered.flush();
    channel.force(true);
  }

  /**
   * Reads and verifies a checkpoint saved for {@code model} with {@code fingerprint}.
   *
   * @throws CheckpointException if the file is not a checkpoint, has an unknown version, is
   *     truncated or corrupted, or belongs to another model or another version of the model
   */
  public static Checkpoint load(Path file, String model, long fingerprint) throws IOException {
    return CheckpointReader.read(file, model, fingerprint);
  }

  /** Used by the reader once the whole file has been verified. */
  static Checkpoint of(String file, String model, long fingerprint, Map<String, Object> sections) {
    return new Checkpoint(file, model, fingerprint, sections);
  }

  /** The model name stored in the file. */
  public String model() {
    return model;
  }

  /** The model fingerprint stored in the file. */
  public long fingerprint() {
    return fingerprint;
  }

  /** The names of the sections, in the order in which they were saved. */
  public List<String> sectionNames() {
    return List.copyOf(sections.keySet());
  }

  /** The data of a {@code float[]} section; the checkpoint's own array, not a copy. */
  public float[] floats(String section) throws CheckpointException {
    Object data = section(section);
    if (!(data instanceof float[])) {
      throw new CheckpointException(file, "section " + section + " holds doubles, not floats");
    }
    return (float[]) data;
  }

  /** The data of a {@code double[]} section; the checkpoint's own array, not a copy. */
  public double[] doubles(String section) throws CheckpointException {
    Object data = section(section);
    if (!(data instanceof double[])) {
      throw new CheckpointException(file, "section " + section + " holds floats, not doubles");
    }
    return (double[]) data;
  }

  private Object section(String name) throws CheckpointException {
    Object data = sections.get(name);
    if (data == null) {
      throw new CheckpointException(
          file, "no section named " + name + "; it has " + sectionNames());
    }
    return data;
  }
}
