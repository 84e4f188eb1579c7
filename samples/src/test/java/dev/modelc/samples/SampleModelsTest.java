package dev.modelc.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.runtime.Csv;
import dev.modelc.runtime.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every sample's model, as the plugin compiled it, trains: a few optimizer steps on one batch
 * lower that batch's loss. Fashion-MNIST's model trains on random images, so that the test does
 * not need the data set.
 */
class SampleModelsTest {
  private static final int STEPS = 20;

  /** A generated model's {@code trainStep(x, y, n)}. */
  interface Step {
    float trainStep(float[] x, float[] y, int n);
  }

  @Test
  void xor() {
    float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
    float[] y = {0, 1, 1, 0};
    Xor model = new Xor();
    assertTrainingLowersLoss("xor", model::trainStep, model::loss, x, y, 4);
  }

  @Test
  void iris() throws IOException {
    Dataset data = Csv.read(Path.of("data/iris.csv"), 1);
    Iris model = new Iris();
    assertTrainingLowersLoss("iris", model::trainStep, model::loss, data.inputs(), data.targets(), data.size());
  }

  @Test
  void digits() throws IOException {
    Dataset data = Csv.read(Path.of("data/digits.csv.gz"), 1).subset(range(64));
    float[] x = data.inputs();
    for (int i = 0; i < x.length; i++) {
      x[i] /= 16f;
    }
    Digits model = new Digits();
    assertTrainingLowersLoss("digits", model::trainStep, model::loss, x, data.targets(), data.size());
  }

  @Test
  void fashionMnistOnRandomImages() {
    int n = 32;
    Random random = new Random(3);
    float[] x = new float[n * FashionMnist.INPUT_SIZE];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(10);
    }
    FashionMnist model = new FashionMnist();
    assertTrainingLowersLoss("fashion-mnist", model::trainStep, model::loss, x, y, n);
  }

  /** Takes a few steps on one batch; its loss, measured in inference mode, must fall by a tenth. */
  private static void assertTrainingLowersLoss(String name, Step step, Evaluation.Loss loss, float[] x, float[] y,
      int n) {
    float before = loss.loss(x, y, n);
    for (int i = 0; i < STEPS; i++) {
      step.trainStep(x, y, n);
    }
    float after = loss.loss(x, y, n);
    assertTrue(after < 0.9f * before, name + ": loss " + before + " before " + STEPS + " steps, " + after + " after");
  }

  private static int[] range(int n) {
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    return indices;
  }
}
