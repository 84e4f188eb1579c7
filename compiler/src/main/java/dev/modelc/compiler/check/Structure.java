package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/** Functions that rearrange elements: transpose, reshape and concat. */
final class Structure {
  private Structure() {}

  static Node transpose(Args a) {
    Node x = a.tensor("x");
    if (x == null) {
      return null;
    }
    if (x.shape().rank() != 2) {
      a.error(a.span("x"), Messages.notAMatrix(a.function(), x.shape().toString()));
      return null;
    }
    return a.builder().add(new Op.Transpose(x));
  }

  /** {@code reshape(x, [d…])}; one dimension may be -1, inferred from the size as in PyTorch. */
  static Node reshape(Args a) {
    Node x = a.tensor("x");
    if (!(a.raw("shape") instanceof Expr.ListLit list)) {
      a.error(a.span("shape"), Messages.expectedShapeList());
      return null;
    }
    List<Integer> dims = new ArrayList<>();
    int inferred = -1;
    long known = 1;
    for (Expr item : list.items()) {
      Double v = a.model().exprs().constant(item, "a dimension");
      if (v == null) {
        return null;
      }
      if (v == -1 && inferred < 0) {
        inferred = dims.size();
        dims.add(1);
        continue;
      }
      if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
        a.error(item.span(), Messages.mustBePositive("a dimension", String.valueOf(v)));
        return null;
      }
      dims.add(v.intValue());
      known *= v.intValue();
    }
    if (x == null) {
      return null;
    }
    int size = x.shape().size();
    if (inferred >= 0 && known > 0 && size % known == 0) {
      dims.set(inferred, (int) (size / known));
      known = size;
    }
    if (known != size) {
      a.error(a.span("shape"), Messages.cannotReshape(x.shape().toString(), Messages.joinShape(dims)));
      return null;
    }
    return a.builder().reshape(x, new Shape(dims));
  }

  /**
   * {@code concat(a, b, …)} along the first axis: each part padded with zeros to the full length at
   * its own rows, then summed, so the gradient of each part is its slice of the result's.
   */
  static Node concat(Args a) {
    List<Node> parts = new ArrayList<>();
    boolean ok = true;
    for (Expr e : a.all()) {
      Node part = a.tensor(e);
      if (part != null && part.shape().rank() == 0) {
        a.error(e.span(), Messages.cannotIndexScalar());
        part = null;
      }
      ok &= part != null;
      parts.add(part);
    }
    if (!ok) {
      return null;
    }
    Shape first = parts.get(0).shape();
    int rows = 0;
    for (int i = 0; i < parts.size(); i++) {
      Shape s = parts.get(i).shape();
      if (s.rank() != first.rank() || !s.dims().subList(1, s.rank()).equals(first.dims().subList(1, first.rank()))) {
        a.error(a.all().get(i).span(), Messages.cannotConcat(first.toString(), s.toString()));
        return null;
      }
      rows += s.dim(0);
    }
    Graph.Builder b = a.builder();
    Node result = null;
    int at = 0;
    for (Node part : parts) {
      Node padded = b.add(new Op.Pad(part, at, rows));
      at += part.shape().dim(0);
      result = result == null ? padded : b.add(result, padded);
    }
    return result;
  }
}
