package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.compiler.testing.Resources;
import dev.modelc.runtime.Csv;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.EpochReport;
import dev.modelc.runtime.NonFiniteException;
import dev.modelc.runtime.TrainingListener;
import dev.modelc.runtime.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The training loop of generated classes: resuming, repeatability, faults, early stopping, metrics. */
class TrainingTest {
  @TempDir
  Path dir;

  private static Dataset iris() throws IOException {
    Path file = Files.createTempFile("iris", ".csv");
    Files.writeString(file, Resources.text("data/iris.csv"));
    try {
      return Csv.read(file, 1);
    } finally {
      Files.delete(file);
    }
  }

  private static TrainingResult fit(GeneratedModel m, Dataset train, TrainingListener... listeners) {
    return (TrainingResult) m.call("fit", new Class<?>[] {Dataset.class, Dataset.class, TrainingListener[].class},
        train, null, listeners);
  }

  /** Stops training after the given number of epochs, as an interrupted run would. */
  private static TrainingListener stopAfter(int epochs) {
    return new TrainingListener() {
      private int seen;

      @Override
      public void onEpoch(EpochReport report) {
        seen = report.epoch();
      }

      @Override
      public boolean stopRequested() {
        return seen >= epochs;
      }
    };
  }

  @Test
  void resumingFromACheckpointFollowsTheSameTrajectory() throws IOException {
    Dataset data = iris();
    GeneratedModel straight = GeneratedModel.compile("resume.nn", Resources.text("models/resume.nn"), Precision.FLOAT, 3);
    fit(straight, data);

    GeneratedModel first = GeneratedModel.compile("resume.nn", Resources.text("models/resume.nn"), Precision.FLOAT, 3);
    fit(first, data, stopAfter(2));
    Path checkpoint = dir.resolve("resume.bin");
    first.call("save", new Class<?>[] {Path.class}, checkpoint);
    Object loaded = invokeStatic(first.type(), "load", checkpoint);
    GeneratedModel resumed = first.with(loaded);
    TrainingResult rest = fit(resumed, data);
    assertEquals(4, rest.epochs(), "the resumed run trains the remaining epochs");
    assertArrayEquals(straight.parameters(), resumed.parameters(), "bit-identical parameters");
  }

  @Test
  void theSameSeedGivesBitIdenticalParameters() throws IOException {
    Dataset data = iris();
    GeneratedModel a = GeneratedModel.compile("resume.nn", Resources.text("models/resume.nn"), Precision.FLOAT, 11);
    GeneratedModel b = GeneratedModel.compile("resume.nn", Resources.text("models/resume.nn"), Precision.FLOAT, 11);
    fit(a, data);
    fit(b, data);
    assertArrayEquals(a.parameters(), b.parameters());
    GeneratedModel c = GeneratedModel.compile("resume.nn", Resources.text("models/resume.nn"), Precision.FLOAT, 12);
    fit(c, data);
    assertTrue(!java.util.Arrays.equals(a.parameters(), c.parameters()), "another seed trains otherwise");
  }

  @Test
  void anAbsurdLearningRateStopsAtTheFirstNonFiniteValueKeepingFiniteParameters() throws IOException {
    String model = Resources.text("models/iris.nn").replace("sgd(lr = 0.05, momentum = 0.9)", "sgd(lr = 1e30)");
    GeneratedModel m = GeneratedModel.compile("iris.nn", model, Precision.FLOAT, 1);
    List<double[]> good = new ArrayList<>(List.of(m.parameters()));
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onBatch(int epoch, int step, int stepsPerEpoch, double loss) {
        good.add(m.parameters());
      }
    };
    NonFiniteException e = assertThrows(NonFiniteException.class, () -> fit(m, iris(), recorder));
    assertTrue(e.getMessage().matches("the (gradient|new value) of parameter '[a-z.]+' is not finite at epoch \\d+, step \\d+; .*"),
        e.getMessage());
    assertEquals(good.size(), e.step(), "the failing step is the one after the last recorded");
    assertArrayEquals(good.get(good.size() - 1), m.parameters(), "the last good parameters, unchanged");
  }

  /**
   * A step rejected for a value that is not finite leaves the parameters and the optimizer's state
   * as they were: the next good step gives, to the bit, what it gives in a twin that never took
   * the bad one. Every rule that keeps state, with weight decay where it reads the parameters.
   */
  @ParameterizedTest
  @ValueSource(strings = {"adam(lr = 0.01, weight_decay = 0.1)", "adamw(lr = 0.01)",
      "rmsprop(lr = 0.01, momentum = 0.5, weight_decay = 0.1)", "sgd(lr = 0.05, momentum = 0.9, weight_decay = 0.1)"})
  void aRejectedStepLeavesTheParametersAndTheOptimizerStateAsTheyWere(String optimizer) throws IOException {
    String model = Resources.text("models/iris.nn").replace("sgd(lr = 0.05, momentum = 0.9)", optimizer);
    for (Precision precision : Precision.values()) {
      GeneratedModel a = GeneratedModel.compile("iris.nn", model, precision, 3);
      GeneratedModel b = a.with(a.call("load", new Class<?>[] {Path.class}, saved(a)));
      double[] first = {5.1, 3.5, 1.4, 0.2, 6.2, 2.9, 4.3, 1.3};
      double[] second = {6.3, 3.3, 6.0, 2.5, 4.9, 3.0, 1.4, 0.2};
      double[] labels = {0, 1};
      for (GeneratedModel m : List.of(a, b)) {
        m.trainStep(first, labels, 2);
      }
      double[] before = a.parameters();
      // The largest finite inputs: the hidden layer overflows, and the gradients are NaN.
      double[] huge = new double[8];
      java.util.Arrays.fill(huge, precision == Precision.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE);
      assertThrows(NonFiniteException.class, () -> a.trainStep(huge, labels, 2), optimizer);
      assertArrayEquals(before, a.parameters(), optimizer + ": the parameters of the last good step");
      a.trainStep(second, labels, 2);
      b.trainStep(second, labels, 2);
      assertArrayEquals(b.parameters(), a.parameters(), optimizer + ", " + precision + ": the state was kept");
    }
  }

  /** The model saved to a file of {@link #dir}, for a twin loaded from it. */
  private Path saved(GeneratedModel m) {
    Path file = dir.resolve("twin-" + System.nanoTime() + ".ckpt");
    m.call("save", new Class<?>[] {Path.class}, file);
    return file;
  }

  @Test
  void earlyStoppingRestoresTheParametersOfTheBestEpoch() throws IOException {
    String model = Resources.text("models/iris.nn")
        .replace("epochs 60;", "epochs 200;\n    validation 0.3;\n    early_stopping(patience = 3);")
        .replace("sgd(lr = 0.05, momentum = 0.9)", "sgd(lr = 0.5, momentum = 0.9)");
    GeneratedModel m = GeneratedModel.compile("iris.nn", model, Precision.DOUBLE, 1);
    List<double[]> afterEpoch = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    TrainingResult r = fit(m, iris(), new TrainingListener() {
      @Override
      public void onEpoch(EpochReport report) {
        afterEpoch.add(m.parameters());
        validation.add(report.validationLoss());
      }
    });
    assertTrue(r.epochs() < 200, "stopped early after " + r.epochs() + " epochs");
    int best = 0;
    for (int i = 1; i < validation.size(); i++) {
      best = validation.get(i) < validation.get(best) ? i : best;
    }
    assertEquals(best + 1, r.bestEpoch());
    assertArrayEquals(afterEpoch.get(best), m.parameters(), "the best epoch's parameters");
    assertEquals(r.epochs() - 3, r.bestEpoch(), "patience 3");
  }

  @Test
  void theMetricIsReportedEveryEpochOnTheValidationSet() throws IOException {
    String model = Resources.text("models/iris.nn")
        .replace("loss cross_entropy(out, species);", "loss cross_entropy(out, species);\n  metric accuracy(out, species);")
        .replace("epochs 60;", "epochs 30;\n    validation 0.2;");
    GeneratedModel m = GeneratedModel.compile("iris.nn", model, Precision.FLOAT, 4);
    TrainingResult r = fit(m, iris());
    assertEquals(30, r.metrics().size());
    for (double accuracy : r.metrics()) {
      assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
      assertEquals(0, Math.round(accuracy * 30) - accuracy * 30, 1e-9, "a whole number of the 30 held-out examples");
    }
    assertTrue(r.metric() > 0.8, "iris is learnable: " + r.metric());
    assertEquals(30, r.validationLosses().stream().filter(v -> !v.isNaN()).count());
  }

  private static Object invokeStatic(Class<?> type, String method, Path file) {
    try {
      return type.getMethod(method, Path.class).invoke(null, file);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
