package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The argument checks of generated classes name the example and column at fault. */
class ChecksTest {
  @Test
  void wrongLengthsAndBatchSizesNameTheExample() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checks.inputs(new float[7], 4, 2));
    assertEquals("x holds 7 values, too few for 4 examples of 2: example 3 is incomplete or missing", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Checks.inputs(new float[8], 0, 2));
    assertThrows(IllegalArgumentException.class, () -> Checks.targets((double[]) null, 1, 1));
  }

  @Test
  void nonFiniteInputsAndTargetsNameTheExampleAndColumn() {
    float[] x = {1, 2, 3, Float.NaN};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.inputs(x, 2, 2));
    assertEquals("input value NaN of example 1, column 1, is not finite", e.getMessage());
    double[] y = {0, Double.POSITIVE_INFINITY};
    e = assertThrows(IllegalArgumentException.class, () -> Checks.targets(y, 2, 1));
    assertEquals("target value Infinity of example 1, column 0, is not finite", e.getMessage());
    // Values past the n examples are not the caller's batch and are not looked at.
    Checks.inputs(x, 1, 2);
  }

  @Test
  void classLabelsMustBeWholeNumbersInRange() {
    assertThrows(IllegalArgumentException.class, () -> Checks.labels(new float[] {0, 3}, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> Checks.labels(new float[] {0.5f}, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> Checks.labels(new double[] {-1}, 1, 3));
    Checks.labels(new float[] {0, 2}, 2, 3);
  }

  @Test
  void nonFiniteParametersNameTheParameter() {
    List<ParameterInfo> info = List.of(new ParameterInfo("W", List.of(2, 2), 0), new ParameterInfo("b", List.of(2), 4));
    NonFiniteException e = assertThrows(NonFiniteException.class,
        () -> Checks.finite(new float[] {0, 0, 0, 0, 0, Float.NaN}, info, "gradient", 3, 17));
    assertEquals("b", e.parameter());
    assertEquals(3, e.epoch());
    assertEquals(17, e.step());
  }

  @Test
  void aRejectedStepNamesTheGradientThatCausedItOrElseTheNewValue() {
    List<ParameterInfo> info = List.of(new ParameterInfo("W", List.of(2, 2), 0), new ParameterInfo("b", List.of(2), 4));
    Checks.rejectStep(-1, new float[] {0, 0, 0, 0, 0, Float.NaN}, info, 1, 1); // nothing rejected
    NonFiniteException cause = assertThrows(NonFiniteException.class,
        () -> Checks.rejectStep(0, new float[] {0, 0, 0, 0, 0, Float.NaN}, info, 2, 5));
    assertEquals("b", cause.parameter());
    assertTrue(cause.getMessage().contains("gradient"), cause.getMessage());
    NonFiniteException value = assertThrows(NonFiniteException.class,
        () -> Checks.rejectStep(5, new double[6], info, 2, 5));
    assertEquals("b", value.parameter());
    assertTrue(value.getMessage().contains("new value"), value.getMessage());
  }
}
