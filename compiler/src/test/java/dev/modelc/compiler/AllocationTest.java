package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.compiler.testing.Resources;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.Trainable;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Once its workspace has grown to the batch size, a generated trainer allocates nothing per step.
 * Counted with the JVM's per-thread allocation counter, through the {@link Trainable} interface so
 * that no reflection allocates on the test's side.
 */
class AllocationTest {
  @ParameterizedTest
  @EnumSource(Precision.class)
  void trainingStepsAllocateNothingOnceWarm(Precision precision) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported());
    GeneratedModel m = GeneratedModel.compile("iris.nn", Resources.text("models/iris.nn"), precision, 1);
    Trainable trainer = (Trainable) m.instance();
    int n = 64;
    float[] x = new float[n * 4];
    float[] y = new float[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      x[4 * i] = i % 7;
      x[4 * i + 1] = i % 3;
      y[i] = i % 3;
      order[i] = i;
    }
    Dataset data = Dataset.of(x, y, 4, 1);
    long thread = Thread.currentThread().getId();
    double sink = 0;
    for (int i = 0; i < 2000; i++) {
      sink += trainer.trainBatch(data, order, 0, n);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 2000; i++) {
      sink += trainer.trainBatch(data, order, 0, n);
      sink += trainer.lossBatch(data, order, 0, n);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(Double.isFinite(sink));
    assertEquals(0, allocated, "bytes allocated by 2000 training steps and loss evaluations");
  }
}
