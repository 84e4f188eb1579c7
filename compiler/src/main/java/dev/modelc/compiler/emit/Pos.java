package dev.modelc.compiler.emit;

import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a generated loop stands, as seen by one value read inside it. A loop over values that all
 * share the destination's shape needs one index; broadcasting needs one index per axis.
 */
sealed interface Pos {
  /** One index over every element of the destination, all examples included. */
  record Whole(String i) implements Pos {}

  /** An example index {@code b} (null when nothing is batched) and an element index {@code j} within it. */
  record Rows(String b, String j) implements Pos {}

  /** An example index and one index per axis of the value being read. */
  record Axes(String b, List<String> axes) implements Pos {
    public Axes {
      axes = List.copyOf(axes);
    }
  }

  /** The offset of this position's element within a value's storage, relative to its base. */
  static String offset(Pos pos, Node value) {
    return offset(pos, value.shape(), value.batched());
  }

  /** The offset of this position's element within storage of the given shape and batching. */
  static String offset(Pos pos, Shape shape, boolean batched) {
    int size = shape.size();
    if (pos instanceof Whole w) {
      return size == 1 && !batched ? "0" : w.i();
    }
    if (pos instanceof Rows r) {
      if (size == 1) {
        return batched ? r.b() : "0";
      }
      return batched ? sum(product(r.b(), size), r.j()) : r.j();
    }
    Axes a = (Axes) pos;
    String offset = batched ? product(a.b(), size) : "0";
    for (int axis = 0; axis < shape.rank(); axis++) {
      if (shape.dim(axis) > 1) {
        offset = sum(offset, product(a.axes().get(axis), shape.stride(axis)));
      }
    }
    return offset;
  }

  /** The position of an operand broadcast into {@code parent}'s shape (aligned on the right). */
  static Pos descend(Pos pos, Shape parent, Node child) {
    if (!(pos instanceof Axes a)) {
      return pos;
    }
    Shape shape = child.shape();
    List<String> axes = new ArrayList<>();
    for (int axis = 0; axis < shape.rank(); axis++) {
      int parentAxis = axis + parent.rank() - shape.rank();
      axes.add(shape.dim(axis) == 1 || parentAxis < 0 ? "0" : a.axes().get(parentAxis));
    }
    return new Axes(a.b(), axes);
  }

  /** {@code a + b} with zeros dropped. */
  static String sum(String a, String b) {
    if (a.equals("0")) {
      return b;
    }
    if (b.equals("0")) {
      return a;
    }
    return a + " + " + b;
  }

  /** {@code index * stride} with ones and zeros dropped. */
  static String product(String index, int stride) {
    if (index.equals("0")) {
      return "0";
    }
    String factor = index.contains(" ") ? "(" + index + ")" : index;
    return stride == 1 ? index : factor + " * " + stride;
  }
}
