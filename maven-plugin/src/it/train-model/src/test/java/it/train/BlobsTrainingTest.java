package it.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.TrainConfig;
import dev.modelc.runtime.TrainingResult;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The class the plugin generated from blobs.nn learns to tell two clusters of points apart. */
class BlobsTrainingTest {
  @Test
  void lossFallsOverAFewHundredSteps() {
    int n = 64;
    Random random = new Random(11);
    float[] x = new float[n * Blobs.INPUT_SIZE];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      // Class 0 around (-1, -1), class 1 around (1, 1).
      x[2 * i] = (float) (2 * label - 1 + 0.5 * random.nextGaussian());
      x[2 * i + 1] = (float) (2 * label - 1 + 0.5 * random.nextGaussian());
      y[i] = label;
    }
    Blobs model = new Blobs();
    // 75 epochs of 4 batches: 300 steps.
    TrainingResult result = model.fit(new TrainConfig(16, 75, 3, true), Dataset.of(x, y, 2, 1), null);
    List<Double> losses = result.trainLosses();
    double first = losses.get(0);
    double last = losses.get(losses.size() - 1);
    assertTrue(last < first / 4, "mean loss " + first + " in the first epoch, " + last + " in the last");
    assertTrue(model.predict(new float[] {1, 1})[1] > 0.9f, "a point of class 1 is classified as such");
  }
}
