import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.EpochReport;
import dev.modelc.runtime.TrainingListener;
import dev.modelc.runtime.TrainingResult;
import dev.modelc.samples.Xor;
import java.nio.file.Files;
import java.nio.file.Path;

/** Trains the class modelc generates from xor.nn, through its public API only. */
public final class TrainXor {
  public static void main(String[] args) throws Exception {
    float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
    float[] y = {0, 1, 1, 0};
    Dataset data = Dataset.of(x, y, Xor.INPUT_SIZE, Xor.TARGET_SIZE);

    Xor model = new Xor();
    TrainingListener progress = new TrainingListener() {
      @Override
      public void onEpoch(EpochReport report) {
        if (report.epoch() % 200 == 0) {
          System.out.printf("epoch %4d  loss %.6f%n", report.epoch(), report.trainLoss());
        }
      }
    };
    TrainingResult result = model.fit(data, null, progress);
    System.out.printf("final loss %.6f after %d epochs%n", result.trainLoss(), result.epochs());

    Path file = Files.createTempFile("xor", ".bin");
    model.save(file);
    Xor restored = Xor.load(file);
    Files.delete(file);
    for (int i = 0; i < 4; i++) {
      float[] in = {x[2 * i], x[2 * i + 1]};
      System.out.printf("xor(%.0f, %.0f) = %.3f%n", in[0], in[1], restored.predict(in)[0]);
    }
  }
}
