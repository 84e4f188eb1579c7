package dev.modelc.samples;

import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.Idx;
import dev.modelc.runtime.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains the 784-256-10 network of fashion_mnist.nn on the 60,000 Fashion-MNIST training images
 * and tests it on the 10,000 test images.
 */
public final class TrainFashionMnist {
  private TrainFashionMnist() {}

  /** @param args the folder of the four IDX files, by default Debian's {@code /usr/share/datasets/fashion-mnist} */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
    if (!Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
      System.err.println("fashion-mnist: no data in " + dir
          + "; install Debian's package with: apt-get install -y dataset-fashion-mnist");
      System.exit(1);
    }
    // Idx scales the pixels from 0..255 to [0, 1].
    Dataset train = Idx.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
    Dataset test = Idx.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));

    FashionMnist model = new FashionMnist();
    System.out.printf("fashion-mnist: %d training and %d test images, %d parameters%n",
        train.size(), test.size(), FashionMnist.PARAMETER_COUNT);
    long start = System.nanoTime();
    // The test set is reported after every epoch, as PyTorch's MNIST example does; nothing is
    // chosen by it (no early stopping), so the final figures are still those of unseen data.
    TrainingResult result = model.fit(train, test, new Progress(1, "test"));
    double seconds = (System.nanoTime() - start) / 1e9;

    Evaluation figures = Evaluation.of(test, model::loss, model::predict, FashionMnist.OUTPUT_SIZE);
    System.out.printf("final: train loss %.4f, %s, %.1f s%n", result.trainLoss(), figures, seconds);
  }
}
