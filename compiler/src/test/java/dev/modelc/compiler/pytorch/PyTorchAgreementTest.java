package dev.modelc.compiler.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.runtime.Dataset;
import dev.modelc.runtime.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated code against values PyTorch computed for the same models, parameters and data (see
 * {@code src/test/resources/pytorch/README.md}): every function, loss and layer, and 25-step
 * trajectories of every optimizer, schedule and clipping rule. Float code must agree to 2e-4 of the
 * scale of each compared vector, double code to 1e-9.
 */
class PyTorchAgreementTest {
  static Stream<Arguments> functions() {
    return PyTorchGoldens.functions().stream()
        .flatMap(c -> Stream.of(Arguments.of(c, Precision.FLOAT), Arguments.of(c, Precision.DOUBLE)));
  }

  static Stream<Arguments> trajectories() {
    return PyTorchGoldens.trajectories().stream()
        .flatMap(t -> Stream.of(Arguments.of(t, Precision.FLOAT), Arguments.of(t, Precision.DOUBLE)));
  }

  private static double tolerance(Precision p) {
    return p == Precision.FLOAT ? 2e-4 : 1e-9;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("functions")
  void lossGradientAndPredictionsAgree(PyTorchGoldens.FunctionCase c, Precision precision) {
    GeneratedModel m = GeneratedModel.compile(c.name() + ".nn", c.source(), precision, 0);
    m.setParameters(c.params());
    if (c.trains()) {
      double loss = m.computeGradients(c.x(), c.y(), c.n());
      close(new double[] {c.loss()}, new double[] {loss}, tolerance(precision), c + ": training loss");
      close(c.grad(), m.gradients(), tolerance(precision), c + ": gradient");
    }
    close(c.predict(), m.predict(c.x(), c.n()), tolerance(precision), c + ": predictions");
    close(new double[] {c.evalLoss()}, new double[] {m.loss(c.x(), c.y(), c.n())}, tolerance(precision),
        c + ": inference loss");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("trajectories")
  void trainingFollowsTheTrajectory(PyTorchGoldens.Trajectory t, Precision precision) {
    GeneratedModel m = GeneratedModel.compile(t.name() + ".nn", t.source(), precision, 0);
    m.setParameters(t.params());
    int in = m.constant("INPUT_SIZE");
    int out = m.constant("TARGET_SIZE");
    Dataset data = Dataset.of(PyTorchGoldens.floats(t.x()), PyTorchGoldens.floats(t.y()), in, out);
    List<Double> losses = new ArrayList<>();
    List<double[]> after = new ArrayList<>();
    TrainingListener recorder = new TrainingListener() {
      @Override
      public void onBatch(int epoch, int step, int stepsPerEpoch, double loss) {
        losses.add(loss);
        after.add(m.parameters());
      }
    };
    m.call("fit", new Class<?>[] {Dataset.class, Dataset.class, TrainingListener[].class}, data, null,
        new TrainingListener[] {recorder});
    assertTrue(losses.size() >= t.steps(), "steps taken: " + losses.size());
    for (int step = 1; step <= t.steps(); step++) {
      close(new double[] {t.losses()[step - 1]}, new double[] {losses.get(step - 1)}, tolerance(precision),
          t + ": loss of step " + step);
      close(t.afterStep(step), after.get(step - 1), tolerance(precision), t + ": parameters after step " + step);
    }
  }

  /** Element by element, within {@code relative} of the larger of 1 and the expected vector's largest magnitude. */
  static void close(double[] expected, double[] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 1;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], relative * scale, what + ", element " + i);
    }
  }
}
