package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed in the middle of saving leaves the previous checkpoint intact: a child JVM saves
 * two alternating contents over one file as fast as it can and is killed at random moments; the
 * file must then load and hold one of the two.
 */
class CheckpointKillTest {
  @TempDir
  Path dir;

  /** The child: saves forever, alternating between two contents told apart by their first value. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    float[] values = new float[1 << 20];
    for (long round = 0; ; round++) {
      java.util.Arrays.fill(values, round % 2);
      Checkpoint.save(file, "Kill", 42, List.of(Checkpoint.Section.of("values", values)));
    }
  }

  @Test
  void aKilledSaveLeavesALoadableCheckpoint() throws Exception {
    Path file = dir.resolve("model.bin");
    java.util.Random random = new java.util.Random(5);
    for (int attempt = 0; attempt < 5; attempt++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), CheckpointKillTest.class.getName(), file.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        Thread.sleep(50 + random.nextInt(300));
      } finally {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      Checkpoint checkpoint = Checkpoint.load(file, "Kill", 42);
      float first = checkpoint.floats("values")[0];
      float last = checkpoint.floats("values")[(1 << 20) - 1];
      assertTrue((first == 0 || first == 1) && first == last, "one whole content: " + first + ", " + last);
    }
  }
}
