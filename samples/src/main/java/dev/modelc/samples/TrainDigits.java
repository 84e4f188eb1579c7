package dev.modelc.samples;

import dev.modelc.runtime.Csv;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains the Digits model of digits.nn on 80% of the 8x8 handwritten digits and tests it on the
 * other 20%. The train block holds out a tenth of the training part for early stopping.
 */
public final class TrainDigits {
  private TrainDigits() {}

  /** @param args the path of digits.csv.gz, by default {@code samples/data/digits.csv.gz} */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "samples/data/digits.csv.gz");
    Dataset all = Csv.read(file, 1);
    // Pixels are 0..16 in the file; the network learns best from inputs of order 1.
    float[] pixels = all.inputs();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] /= 16f;
    }
    Dataset[] parts = all.split(0.2, 1);
    Dataset train = parts[0];
    Dataset test = parts[1];

    Digits model = new Digits();
    System.out.printf("digits: %d training examples (a tenth held out for early stopping), %d test examples%n",
        train.size(), test.size());
    long start = System.nanoTime();
    TrainingResult result = model.fit(train, null, new Progress(1, "validation"));
    double seconds = (System.nanoTime() - start) / 1e9;

    Evaluation figures = Evaluation.of(test, model::loss, model::predict, Digits.OUTPUT_SIZE);
    System.out.printf("final: %d epochs, kept epoch %d, train loss %.4f, %s, %.2f s%n",
        result.epochs(), result.bestEpoch(), result.trainLoss(), figures, seconds);
  }
}
