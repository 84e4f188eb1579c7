package dev.modelc.samples;

import dev.modelc.runtime.Dataset;

/**
 * A trained classifier's figures on a data set it was not trained on: the mean loss, and how many
 * examples the class of highest predicted probability gets right.
 */
record Evaluation(double loss, int correct, int total) {

  /** A generated model's {@code loss(x, y, n)}. */
  interface Loss {
    float loss(float[] x, float[] y, int n);
  }

  /** A generated model's batched {@code predict(x, n, out)}. */
  interface Predict {
    void predict(float[] x, int n, float[] out);
  }

  /** Evaluates a model with {@code classes} outputs per example on all of {@code data}. */
  static Evaluation of(Dataset data, Loss loss, Predict predict, int classes) {
    int n = data.size();
    float[] probabilities = new float[n * classes];
    predict.predict(data.inputs(), n, probabilities);
    int correct = 0;
    for (int e = 0; e < n; e++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (probabilities[e * classes + k] > probabilities[e * classes + best]) {
          best = k;
        }
      }
      correct += best == (int) data.targets()[e] ? 1 : 0;
    }
    return new Evaluation(loss.loss(data.inputs(), data.targets(), n), correct, n);
  }

  double accuracy() {
    return (double) correct / total;
  }

  @Override
  public String toString() {
    return String.format("test loss %.4f, test accuracy %.4f (%d of %d)", loss, accuracy(), correct, total);
  }
}
