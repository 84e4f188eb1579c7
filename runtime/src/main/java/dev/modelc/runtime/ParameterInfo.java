package dev.modelc.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One parameter tensor inside a model's flat parameter array: its name, its shape and where its
 * row-major elements start.
 *
 * @param name the parameter's name as written in the model, e.g. {@code W1} or {@code h.weight}
 * @param shape the dimensions, outermost first; empty for a scalar
 * @param offset the index of the first element in {@code parameters()}
 */
public record ParameterInfo(String name, List<Integer> shape, int offset) {

  public ParameterInfo {
    Objects.requireNonNull(name, "name");
    shape = List.copyOf(shape);
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension in shape " + shape);
      }
    }
    if (offset < 0) {
      throw new IllegalArgumentException(name + ": negative offset " + offset);
    }
  }

  /** The number of elements: the product of the shape, 1 for a scalar. */
  public int size() {
    int size = 1;
    for (int d : shape) {
      size = Math.multiplyExact(size, d);
    }
    return size;
  }
}
