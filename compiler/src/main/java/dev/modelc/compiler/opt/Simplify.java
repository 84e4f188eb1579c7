package dev.modelc.compiler.opt;

import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.HashMap;
import java.util.Map;

/**
 * Constant folding and algebraic simplification. Each rewrite keeps a node's shape and batching,
 * widening the survivor with a broadcast where the removed operand was the larger one.
 */
public final class Simplify implements Pass {
  @Override
  public Graph run(Graph graph) {
    Graph.Builder b = new Graph.Builder();
    Map<Node, Node> copies = new HashMap<>();
    for (Node node : graph.nodes()) {
      b.at(node.line());
      Op op = node.op().accept(new Rebuild(copies));
      copies.put(node, simplify(b, op, node.shape(), node.batched()));
    }
    graph.roots().forEach((name, root) -> b.root(name, copies.get(root)));
    return b.build();
  }

  private static Node simplify(Graph.Builder b, Op op, Shape shape, boolean batched) {
    if (op instanceof Op.Unary u) {
      return unary(b, u, shape, batched);
    }
    if (op instanceof Op.Binary bin) {
      return binary(b, bin, shape, batched);
    }
    // reshape(reshape(x)) = reshape(x); a reshape or broadcast to the same shape does nothing.
    if (op instanceof Op.Reshape r) {
      Node x = r.x().op() instanceof Op.Reshape inner ? inner.x() : r.x();
      return isZero(x) ? zeros(b, shape, batched) : b.reshape(x, r.shape());
    }
    if (op instanceof Op.Broadcast br) {
      if (isZero(br.x())) {
        return zeros(b, shape, batched);
      }
      return widen(b, br.x(), shape, batched);
    }
    if (op instanceof Op.Sum s && (s.axes().isEmpty() || isZero(s.x()))) {
      return isZero(s.x()) ? zeros(b, shape, batched) : s.x();
    }
    if (op instanceof Op.BatchSum s && isZero(s.x())) {
      return zeros(b, shape, batched);
    }
    // A slice of all rows, or a pad that adds none, is its input; either of zeros is zeros.
    if (op instanceof Op.Slice sl) {
      if (isZero(sl.x())) {
        return zeros(b, shape, batched);
      }
      if (sl.from() == 0 && sl.to() == sl.x().shape().dim(0)) {
        return sl.x();
      }
    }
    if (op instanceof Op.Pad pad) {
      if (isZero(pad.x())) {
        return zeros(b, shape, batched);
      }
      if (pad.size() == pad.x().shape().dim(0)) {
        return pad.x();
      }
    }
    if (op instanceof Op.TrainingSwitch sw && sw.training() == sw.inference()) {
      return sw.training();
    }
    // Differentiation is over by the time passes run, so stopping the gradient is the identity.
    if (op instanceof Op.StopGradient sg) {
      return sg.x();
    }
    if (op instanceof Op.Transpose t && t.x().op() instanceof Op.Transpose inner) {
      return inner.x();
    }
    if (op instanceof Op.MatMul m && (isZero(m.a()) || isZero(m.b()))) {
      return zeros(b, shape, batched);
    }
    return b.add(op);
  }

  private static Node unary(Graph.Builder b, Op.Unary u, Shape shape, boolean batched) {
    Double c = u.x().constant();
    if (c != null) {
      return b.constant(u.fn().apply(c));
    }
    // -(-x) = x
    if (u.fn() == UnaryFn.NEG && u.x().op() instanceof Op.Unary inner && inner.fn() == UnaryFn.NEG) {
      return inner.x();
    }
    // Functions that map 0 to 0 keep a zero a zero.
    boolean keepsZero = switch (u.fn()) {
      case NEG, RELU, TANH, SQRT, ABS, SIGN, SIN, STEP -> true;
      default -> false;
    };
    if (keepsZero && isZero(u.x())) {
      return zeros(b, shape, batched);
    }
    return b.add(u);
  }

  private static Node binary(Graph.Builder b, Op.Binary bin, Shape shape, boolean batched) {
    Node x = bin.a();
    Node y = bin.b();
    Double cx = x.constant();
    Double cy = y.constant();
    if (cx != null && cy != null) {
      return b.constant(bin.fn().apply(cx, cy));
    }
    switch (bin.fn()) {
      case ADD -> {
        if (isZero(x)) {
          return widen(b, y, shape, batched);
        }
        if (isZero(y)) {
          return widen(b, x, shape, batched);
        }
        // x + x = 2 x, which the adjoints of a value used twice (x * x) often produce.
        if (x == y) {
          return b.mul(b.constant(2), x);
        }
      }
      case SUB -> {
        if (isZero(y)) {
          return widen(b, x, shape, batched);
        }
        if (isZero(x)) {
          return widen(b, b.neg(y), shape, batched);
        }
      }
      case MUL -> {
        if (isZero(x) || isZero(y)) {
          return zeros(b, shape, batched);
        }
        if (x.isConstant(1)) {
          return widen(b, y, shape, batched);
        }
        if (y.isConstant(1)) {
          return widen(b, x, shape, batched);
        }
        if (x.isConstant(-1)) {
          return widen(b, b.neg(y), shape, batched);
        }
        // c1 * (c2 * z) = (c1 c2) * z, so that chains of scale factors fold into one.
        if (cx != null && y.op() instanceof Op.Binary inner && inner.fn() == BinaryFn.MUL
            && inner.a().constant() != null) {
          return b.mul(b.constant(cx * inner.a().constant()), inner.b());
        }
      }
      case DIV -> {
        if (y.isConstant(1)) {
          return widen(b, x, shape, batched);
        }
        if (isZero(x)) {
          return zeros(b, shape, batched);
        }
      }
    }
    // Keep constants on the left of products so that the rule above finds them.
    if (bin.fn() == BinaryFn.MUL && cy != null) {
      return b.mul(y, x);
    }
    return b.add(bin);
  }

  /** True for a constant 0 and for a 0 broadcast to a shape. */
  private static boolean isZero(Node node) {
    if (node.isConstant(0)) {
      return true;
    }
    return node.op() instanceof Op.Broadcast br && br.x().isConstant(0);
  }

  private static Node zeros(Graph.Builder b, Shape shape, boolean batched) {
    Node zero = b.constant(0);
    return shape.rank() == 0 && !batched ? zero : b.add(new Op.Broadcast(zero, shape, batched));
  }

  /** {@code x} as a value of the given shape and batching, broadcast only when it is smaller. */
  private static Node widen(Graph.Builder b, Node x, Shape shape, boolean batched) {
    if (x.shape().equals(shape) && (x.batched() || !batched)) {
      return x;
    }
    return b.add(new Op.Broadcast(x, shape, batched));
  }
}
