package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitTest {

  /** A model whose loss on a batch is the mean of its targets, and which records every batch. */
  private static final class Recorder implements Trainable {
    final List<int[]> trainBatches = new ArrayList<>();
    final List<int[]> lossBatches = new ArrayList<>();

    @Override
    public int inputSize() {
      return 1;
    }

    @Override
    public int targetSize() {
      return 1;
    }

    @Override
    public double trainBatch(Dataset data, int[] order, int from, int count) {
      trainBatches.add(Arrays.copyOfRange(order, from, from + count));
      return meanTarget(data, order, from, count);
    }

    @Override
    public double lossBatch(Dataset data, int[] order, int from, int count) {
      lossBatches.add(Arrays.copyOfRange(order, from, from + count));
      return meanTarget(data, order, from, count);
    }

    private static double meanTarget(Dataset data, int[] order, int from, int count) {
      double sum = 0;
      for (int i = from; i < from + count; i++) {
        sum += data.targets()[order[i]];
      }
      return sum / count;
    }
  }

  /** n examples with input i and target i. */
  private static Dataset range(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return Dataset.of(x, x.clone(), 1, 1);
  }

  @Test
  void everyEpochVisitsEveryExampleOnceInBatchesWithTheLastOneSmaller() {
    Recorder model = new Recorder();
    Fit.run(model, new TrainConfig(4, 3, 1, true), range(10), null);
    assertEquals(9, model.trainBatches.size());
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] seen = new int[0];
      for (int b = 0; b < 3; b++) {
        int[] batch = model.trainBatches.get(epoch * 3 + b);
        assertEquals(b < 2 ? 4 : 2, batch.length);
        int old = seen.length;
        seen = Arrays.copyOf(seen, old + batch.length);
        System.arraycopy(batch, 0, seen, old, batch.length);
      }
      Arrays.sort(seen);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, seen);
    }
  }

  @Test
  void shufflingIsSeededAndDiffersFromTheInitializationStream() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    Fit.run(a, new TrainConfig(100, 2, 5, true), range(100), null);
    Fit.run(b, new TrainConfig(100, 2, 5, true), range(100), null);
    assertArrayEquals(a.trainBatches.get(0), b.trainBatches.get(0));
    assertArrayEquals(a.trainBatches.get(1), b.trainBatches.get(1));
    assertFalse(Arrays.equals(a.trainBatches.get(0), a.trainBatches.get(1)), "epochs differ");

    int[] fromModelSeed = new int[100];
    Arrays.setAll(fromModelSeed, i -> i);
    new Rng(5).shuffle(fromModelSeed);
    assertFalse(Arrays.equals(fromModelSeed, a.trainBatches.get(0)));

    Recorder unshuffled = new Recorder();
    Fit.run(unshuffled, new TrainConfig(100, 2, 5, false), range(100), null);
    int[] identity = new int[100];
    Arrays.setAll(identity, i -> i);
    assertArrayEquals(identity, unshuffled.trainBatches.get(1));
  }

  @Test
  void lossesAreExampleWeightedMeans() {
    Recorder model = new Recorder();
    Dataset validation = range(7);
    TrainingResult r = Fit.run(model, new TrainConfig(4, 2, 0, true), range(10), validation);
    // Batch means of 4, 4 and 2 examples weighted by size give the mean target, 4.5.
    assertEquals(2, r.epochs());
    assertEquals(4.5, r.trainLoss(), 1e-12);
    assertEquals(3.0, r.validationLoss(), 1e-12);
    assertEquals(List.of(4.5, 4.5), roundAll(r.trainLosses()));
    assertEquals(List.of(3.0, 3.0), roundAll(r.validationLosses()));
    // Validation runs over the whole set in order, in chunks of the batch size, every epoch.
    assertEquals(4, model.lossBatches.size());
    assertArrayEquals(new int[] {0, 1, 2, 3}, model.lossBatches.get(0));
    assertArrayEquals(new int[] {4, 5, 6}, model.lossBatches.get(1));
    assertThrows(UnsupportedOperationException.class, () -> r.trainLosses().add(1.0));
    assertEquals(3.0, Fit.loss(model, validation, 2), 1e-12);
  }

  private static List<Double> roundAll(List<Double> values) {
    List<Double> rounded = new ArrayList<>();
    for (double v : values) {
      rounded.add(Math.round(v * 1e9) / 1e9);
    }
    return rounded;
  }

  @Test
  void listenersHearEveryBatchAndEpoch() {
    List<String> events = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onBatch(int epoch, int step, int stepsPerEpoch, double loss) {
        events.add("batch " + epoch + "." + step + "/" + stepsPerEpoch);
      }

      @Override
      public void onEpoch(EpochReport report) {
        assertTrue(report.elapsedNanos() >= 0);
        assertFalse(report.hasValidation());
        events.add("epoch " + report.epoch() + "/" + report.epochs());
      }
    };
    TrainingResult r = Fit.run(new Recorder(), new TrainConfig(3, 2, 0, false), range(5), null,
        listener, new TrainingListener() {});
    assertEquals(List.of("batch 1.1/2", "batch 1.2/2", "epoch 1/2",
        "batch 2.1/2", "batch 2.2/2", "epoch 2/2"), events);
    assertTrue(Double.isNaN(r.validationLoss()));
  }

  @Test
  void aListenerCanStopTrainingEarly() {
    int[] epochs = {0};
    EarlyStopping stopping = new EarlyStopping(2, 0, () -> epochs[0]++);
    // The loss never changes, so only the first epoch improves and training stops after three.
    TrainingResult r = Fit.run(new Recorder(), new TrainConfig(4, 50, 0, true), range(8),
        range(4), stopping);
    assertEquals(3, r.epochs());
    assertEquals(3, r.trainLosses().size());
    assertEquals(1, epochs[0]);
    assertEquals(1, stopping.bestEpoch());
    assertEquals(1.5, stopping.bestLoss(), 1e-12);
  }

  @Test
  void zeroEpochsReportsNothing() {
    TrainingResult r = Fit.run(new Recorder(), new TrainConfig(4, 0, 0, true), range(8), null);
    assertEquals(0, r.epochs());
    assertTrue(Double.isNaN(r.trainLoss()));
    assertTrue(r.trainLosses().isEmpty());
  }

  @Test
  void rejectsDataOfTheWrongShapeAndBadConfigs() {
    Dataset wide = Dataset.of(new float[4], new float[2], 2, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fit.run(new Recorder(), TrainConfig.defaults(), wide, null));
    assertEquals("the training set has 2 inputs and 1 targets per example, but the model"
        + " expects 1 and 1", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Fit.run(new Recorder(), TrainConfig.defaults(), range(3), wide));
    assertThrows(IllegalArgumentException.class,
        () -> Fit.run(new Recorder(), TrainConfig.defaults(), range(0), null));
    assertThrows(IllegalArgumentException.class, () -> new TrainConfig(0, 1, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, -1, 0, true));
  }

  /** Linear regression y = w x + b by plain SGD, gathering batches as generated code does. */
  private static final class Line implements Trainable {
    private final float[] x = new float[16];
    private final float[] y = new float[16];
    double w;
    double b;

    @Override
    public int inputSize() {
      return 1;
    }

    @Override
    public int targetSize() {
      return 1;
    }

    @Override
    public double trainBatch(Dataset data, int[] order, int from, int count) {
      data.gather(order, from, count, x, y);
      double loss = 0;
      double gw = 0;
      double gb = 0;
      for (int i = 0; i < count; i++) {
        double err = w * x[i] + b - y[i];
        loss += err * err;
        gw += 2 * err * x[i];
        gb += 2 * err;
      }
      w -= 0.1 * gw / count;
      b -= 0.1 * gb / count;
      return loss / count;
    }

    @Override
    public double lossBatch(Dataset data, int[] order, int from, int count) {
      data.gather(order, from, count, x, y);
      double loss = 0;
      for (int i = 0; i < count; i++) {
        double err = w * x[i] + b - y[i];
        loss += err * err;
      }
      return loss / count;
    }
  }

  @Test
  void trainsARealModel() {
    int n = 50;
    float[] xs = new float[n];
    float[] ys = new float[n];
    Rng rng = new Rng(3);
    for (int i = 0; i < n; i++) {
      xs[i] = (float) (2 * rng.nextDouble() - 1);
      ys[i] = 2 * xs[i] - 1;
    }
    Dataset[] parts = Dataset.of(xs, ys, 1, 1).split(0.2, 3);
    Line line = new Line();
    TrainingResult r = Fit.run(line, new TrainConfig(16, 200, 3, true), parts[0], parts[1]);
    assertEquals(2, line.w, 1e-3);
    assertEquals(-1, line.b, 1e-3);
    assertTrue(r.validationLoss() < 1e-6);
    assertNotEquals(r.trainLosses().get(0), r.trainLoss());
  }
}
