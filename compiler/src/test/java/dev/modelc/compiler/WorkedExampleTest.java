package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.compiler.testing.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worked example of LANGUAGE.md §6, reproduced to five digits in both precisions. */
class WorkedExampleTest {
  @ParameterizedTest
  @EnumSource(Precision.class)
  void matchesTheValuesWorkedByHand(Precision precision) {
    GeneratedModel m = GeneratedModel.compile("worked.nn", Resources.text("models/worked.nn"), precision, 0);
    double[] x = {2};
    double[] t = {1};
    assertEquals(0.62948, m.predict(x, 1)[0], 5e-6);
    assertEquals(0.46286, m.computeGradients(x, t, 1), 5e-6);
    // Parameters in declaration order: w1, b1, w2, b2.
    assertArrayEquals(new double[] {-0.22231, -0.11116, -0.40757, -0.37052}, m.gradients(), 5e-6);
  }
}
