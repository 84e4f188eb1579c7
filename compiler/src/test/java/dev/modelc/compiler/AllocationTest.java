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
    assertNoAllocation("iris.nn", 4, 3, 64, 2000, precision);
  }

  /**
   * A model whose batches and parameters are long enough for the runtime's vector scans and
   * whose products take the Vector API kernels, warmed up until C2 has compiled them (until
   * then each vector is an object on the heap).
   */
  @ParameterizedTest
  @EnumSource(Precision.class)
  void widerModelsAllocateNothingOnceWarm(Precision precision) {
    assertNoAllocation("wide.nn", 64, 10, 32, 40_000, precision);
  }

  private static void assertNoAllocation(String model, int inputs, int classes, int n, int warmUp,
      Precision precision) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported());
    GeneratedModel m = GeneratedModel.compile(model, Resources.text("models/" + model), precision, 1);
    Trainable trainer = (Trainable) m.instance();
    float[] x = new float[n * inputs];
    float[] y = new float[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < inputs; j++) {
        x[inputs * i + j] = (i * 7 + j * 3) % 11 / 10f;
      }
      y[i] = i % classes;
      order[i] = i;
    }
    Dataset data = Dataset.of(x, y, inputs, 1);
    long thread = Thread.currentThread().getId();
    double sink = 0;
    for (int i = 0; i < warmUp; i++) {
      sink += trainer.trainBatch(data, order, 0, n);
      sink += trainer.lossBatch(data, order, 0, n);
    }
    // Measured in windows of 2000 steps until one allocates nothing, at most five: code that
    // allocates does so in every window, while a method that C2 compiles late on a busy machine
    // (still running on the Vector API's allocating fallback) is compiled by the next.
    long allocated = -1;
    for (int window = 0; window < 5 && allocated != 0; window++) {
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 2000; i++) {
        sink += trainer.trainBatch(data, order, 0, n);
        sink += trainer.lossBatch(data, order, 0, n);
      }
      allocated = threads.getThreadAllocatedBytes(thread) - before;
    }
    assertTrue(Double.isFinite(sink));
    assertEquals(0, allocated, model + ": bytes allocated by 2000 training steps and loss evaluations");
  }
}
