package dev.modelc.samples;

import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.TrainingResult;

/** Trains the XOR network of xor.nn on the four points of the XOR truth table and prints what it learned. */
public final class TrainXor {
  private TrainXor() {}

  public static void main(String[] args) {
    float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
    float[] y = {0, 1, 1, 0};
    Dataset data = Dataset.of(x, y, Xor.INPUT_SIZE, Xor.TARGET_SIZE);

    Xor model = new Xor();
    System.out.printf("xor: %d parameters, 4 examples, the train block's Adam for 1000 epochs%n",
        Xor.PARAMETER_COUNT);
    long start = System.nanoTime();
    TrainingResult result = model.fit(data, null, new Progress(100, "validation"));
    double seconds = (System.nanoTime() - start) / 1e9;

    // There is nothing to hold out of a truth table: the figures are those of the four points.
    int correct = 0;
    for (int i = 0; i < 4; i++) {
      float out = model.predict(new float[] {x[2 * i], x[2 * i + 1]})[0];
      System.out.printf("xor(%.0f, %.0f) = %.4f%n", x[2 * i], x[2 * i + 1], out);
      correct += Math.round(out) == Math.round(y[i]) ? 1 : 0;
    }
    System.out.printf("final: train loss %s, %d of 4 right when rounded, %.2f s%n",
        Progress.loss(result.trainLoss()), correct, seconds);
  }
}
