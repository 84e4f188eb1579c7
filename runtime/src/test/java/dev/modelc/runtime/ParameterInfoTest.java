package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterInfoTest {

  @Test
  void sizeIsTheProductOfTheShape() {
    assertEquals(16, new ParameterInfo("W1", List.of(8, 2), 0).size());
    assertEquals(8, new ParameterInfo("b1", List.of(8), 16).size());
    assertEquals(1, new ParameterInfo("scale", List.of(), 24).size());
  }

  @Test
  void shapeIsAnImmutableCopy() {
    List<Integer> shape = new ArrayList<>(List.of(3, 4));
    ParameterInfo info = new ParameterInfo("h.weight", shape, 0);
    shape.set(0, 5);
    assertEquals(List.of(3, 4), info.shape());
    assertThrows(UnsupportedOperationException.class, () -> info.shape().set(0, 1));
  }

  @Test
  void rejectsNegativeDimensionsAndOffsets() {
    assertThrows(IllegalArgumentException.class, () -> new ParameterInfo("w", List.of(-1), 0));
    assertThrows(IllegalArgumentException.class, () -> new ParameterInfo("w", List.of(1), -1));
  }
}
