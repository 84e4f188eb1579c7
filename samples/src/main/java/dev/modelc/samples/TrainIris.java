package dev.modelc.samples;

import dev.modelc.runtime.Csv;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;

/** Trains the Iris model of iris.nn on 80% of Fisher's iris data and tests it on the other 20%. */
public final class TrainIris {
  private TrainIris() {}

  /** @param args the path of iris.csv, by default {@code samples/data/iris.csv} */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "samples/data/iris.csv");
    Dataset[] parts = Csv.read(file, 1).split(0.2, 1);
    Dataset train = parts[0];
    Dataset test = parts[1];

    Iris model = new Iris();
    System.out.printf("iris: %d training and %d test examples%n", train.size(), test.size());
    long start = System.nanoTime();
    TrainingResult result = model.fit(train, null, new Progress(10, "validation"));
    double seconds = (System.nanoTime() - start) / 1e9;

    Evaluation figures = Evaluation.of(test, model::loss, model::predict, Iris.OUTPUT_SIZE);
    System.out.printf("final: train loss %.4f, %s, %.2f s%n", result.trainLoss(), figures, seconds);
  }
}
