package dev.modelc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** The static shape of one example's value; {@code []} is a scalar. The batch axis is not part of it. */
public record Shape(List<Integer> dims) {
  public static final Shape SCALAR = new Shape(List.of());

  public Shape {
    dims = List.copyOf(dims);
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("dimensions must be positive: " + dims);
      }
    }
  }

  public static Shape of(int... dims) {
    List<Integer> list = new ArrayList<>();
    for (int d : dims) {
      list.add(d);
    }
    return new Shape(list);
  }

  public int rank() {
    return dims.size();
  }

  public int dim(int axis) {
    return dims.get(axis);
  }

  /** The number of elements, 1 for a scalar. */
  public int size() {
    int size = 1;
    for (int d : dims) {
      size = Math.multiplyExact(size, d);
    }
    return size;
  }

  /** The row-major stride of an axis: the product of the dimensions after it. */
  public int stride(int axis) {
    int stride = 1;
    for (int i = axis + 1; i < dims.size(); i++) {
      stride *= dims.get(i);
    }
    return stride;
  }

  /** The shape without its last axis. */
  public Shape dropLast() {
    return new Shape(dims.subList(0, dims.size() - 1));
  }

  /** The same shape with a 1 in place of each listed axis, as a reduction that keeps dimensions gives. */
  public Shape keepingDims(List<Integer> axes) {
    List<Integer> kept = new ArrayList<>(dims);
    for (int axis : axes) {
      kept.set(axis, 1);
    }
    return new Shape(kept);
  }

  /** The shape with the listed axes removed. */
  public Shape without(List<Integer> axes) {
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < dims.size(); i++) {
      if (!axes.contains(i)) {
        rest.add(dims.get(i));
      }
    }
    return new Shape(rest);
  }

  /**
   * The NumPy broadcast of two shapes, aligned on the right, or null when some pair of dimensions
   * differs and neither is 1.
   */
  public static Shape broadcast(Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      int da = a.dimFromRight(rank - 1 - i);
      int db = b.dimFromRight(rank - 1 - i);
      if (da != db && da != 1 && db != 1) {
        return null;
      }
      out.add(Math.max(da, db));
    }
    return new Shape(out);
  }

  /** The dimension {@code k} places from the right (0 is the last), or 1 past the left end. */
  public int dimFromRight(int k) {
    int axis = dims.size() - 1 - k;
    return axis < 0 ? 1 : dims.get(axis);
  }

  /** The dimension of this shape's first axis (from the left) that broadcasting aligns with axis {@code i} of a shape of rank {@code rank}: -1 when absent. */
  public int alignedAxis(int i, int rank) {
    int axis = i - (rank - dims.size());
    return axis < 0 ? -1 : axis;
  }

  // Written out rather than generated: a record's equals and hashCode are linked on their first
  // call, which costs a fresh JVM a millisecond or more, and shapes are compared in every stage.
  // They are the record's: equal dimensions, and the hash of the list of dimensions.

  @Override
  public boolean equals(Object other) {
    return other instanceof Shape shape && shape.dims.equals(dims);
  }

  @Override
  public int hashCode() {
    return dims.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < dims.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(dims.get(i));
    }
    return s.append(']').toString();
  }
}
