package dev.modelc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape and batching of each operation's result. The checker has reported user errors before
 * IR is built, so a violation here is a compiler bug and throws.
 */
final class ShapeRules implements Op.Visitor<ShapeRules.Typed> {
  static final ShapeRules INSTANCE = new ShapeRules();

  /** A result's per-example shape and whether it varies per example. */
  record Typed(Shape shape, boolean batched) {}

  @Override
  public Typed visitInput(Op.Input op) {
    return new Typed(op.shape(), true);
  }

  @Override
  public Typed visitTarget(Op.Target op) {
    return new Typed(op.shape(), true);
  }

  @Override
  public Typed visitParam(Op.Param op) {
    return new Typed(op.shape(), false);
  }

  @Override
  public Typed visitConst(Op.Const op) {
    return new Typed(Shape.SCALAR, false);
  }

  @Override
  public Typed visitBatchInverse(Op.BatchInverse op) {
    return new Typed(Shape.SCALAR, false);
  }

  @Override
  public Typed visitUnary(Op.Unary op) {
    return new Typed(op.x().shape(), op.x().batched());
  }

  @Override
  public Typed visitBinary(Op.Binary op) {
    Shape shape = Shape.broadcast(op.a().shape(), op.b().shape());
    check(shape != null, "cannot broadcast ", op.a().shape(), " and ", op.b().shape());
    return new Typed(shape, op.a().batched() || op.b().batched());
  }

  @Override
  public Typed visitMatMul(Op.MatMul op) {
    Shape shape = matMul(op.a().shape(), op.b().shape(), op.transA(), op.transB());
    check(shape != null, "bad product ", op);
    return new Typed(shape, op.a().batched() || op.b().batched());
  }

  /** The shape of {@code op(a) @ op(b)} in the four forms of {@code @}, or null when they do not fit. */
  static Shape matMul(Shape a, Shape b, boolean transA, boolean transB) {
    if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2) {
      return null;
    }
    int m = a.rank() == 2 ? a.dim(transA ? 1 : 0) : -1;
    int ka = a.rank() == 2 ? a.dim(transA ? 0 : 1) : a.dim(0);
    int kb = b.rank() == 2 ? b.dim(transB ? 1 : 0) : b.dim(0);
    int p = b.rank() == 2 ? b.dim(transB ? 0 : 1) : -1;
    if (ka != kb) {
      return null;
    }
    List<Integer> dims = new ArrayList<>();
    if (m > 0) {
      dims.add(m);
    }
    if (p > 0) {
      dims.add(p);
    }
    return new Shape(dims);
  }

  @Override
  public Typed visitSum(Op.Sum op) {
    for (int axis : op.axes()) {
      check(axis >= 0 && axis < op.x().shape().rank(), "bad axis ", axis);
    }
    return new Typed(op.x().shape().without(op.axes()), op.x().batched());
  }

  @Override
  public Typed visitBatchSum(Op.BatchSum op) {
    check(op.x().batched(), "batch sum of an unbatched value");
    return new Typed(op.x().shape(), false);
  }

  @Override
  public Typed visitBroadcast(Op.Broadcast op) {
    check(op.shape().equals(Shape.broadcast(op.x().shape(), op.shape())),
        "cannot broadcast ", op.x().shape(), " to ", op.shape());
    return new Typed(op.shape(), op.batched() || op.x().batched());
  }

  @Override
  public Typed visitReshape(Op.Reshape op) {
    check(op.shape().size() == op.x().shape().size(), "reshape changes the size");
    return new Typed(op.shape(), op.x().batched());
  }

  @Override
  public Typed visitLogSumExp(Op.LogSumExp op) {
    check(op.x().shape().rank() >= 1, "logsumexp of a scalar");
    return new Typed(op.x().shape().dropLast(), op.x().batched());
  }

  @Override
  public Typed visitOneHot(Op.OneHot op) {
    check(op.label().shape().rank() == 0, "one-hot of a non-scalar");
    return new Typed(Shape.of(op.classes()), op.label().batched());
  }

  @Override
  public Typed visitSlice(Op.Slice op) {
    Shape x = op.x().shape();
    check(x.rank() >= 1 && 0 <= op.from() && op.from() < op.to() && op.to() <= x.dim(0), "bad slice ", op);
    return new Typed(withFirst(x, op.to() - op.from()), op.x().batched());
  }

  @Override
  public Typed visitPad(Op.Pad op) {
    Shape x = op.x().shape();
    check(x.rank() >= 1 && op.before() >= 0 && op.before() + x.dim(0) <= op.size(), "bad pad ", op);
    return new Typed(withFirst(x, op.size()), op.x().batched());
  }

  @Override
  public Typed visitReduceMax(Op.ReduceMax op) {
    return new Typed(Shape.SCALAR, op.x().batched());
  }

  @Override
  public Typed visitTranspose(Op.Transpose op) {
    Shape x = op.x().shape();
    check(x.rank() == 2, "transpose of ", x);
    return new Typed(Shape.of(x.dim(1), x.dim(0)), op.x().batched());
  }

  @Override
  public Typed visitStopGradient(Op.StopGradient op) {
    return new Typed(op.x().shape(), op.x().batched());
  }

  @Override
  public Typed visitState(Op.State op) {
    return new Typed(op.shape(), false);
  }

  @Override
  public Typed visitDropoutMask(Op.DropoutMask op) {
    return new Typed(op.shape(), true);
  }

  @Override
  public Typed visitTrainingSwitch(Op.TrainingSwitch op) {
    check(op.training().shape().equals(op.inference().shape()), "switch between shapes ", op);
    return new Typed(op.training().shape(), op.training().batched() || op.inference().batched());
  }

  private static Shape withFirst(Shape shape, int first) {
    List<Integer> dims = new ArrayList<>(shape.dims());
    dims.set(0, first);
    return new Shape(dims);
  }

  /** Throws when the condition fails; only then are the parts of the message joined, so passing checks build no strings. */
  private static void check(boolean condition, Object... message) {
    if (!condition) {
      StringBuilder s = new StringBuilder();
      for (Object part : message) {
        s.append(part);
      }
      throw new IllegalStateException(s.toString());
    }
  }
}
