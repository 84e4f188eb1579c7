package dev.modelc.compiler.autodiff;

import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.List;

/**
 * The table of derivative rules: for a node {@code y = op(inputs)} and the adjoint {@code g} of
 * {@code y}, the contribution of each input to its own adjoint, built as IR. A contribution may
 * have the broadcast shape of {@code y}; {@link ReverseMode} sums it back to the input's shape
 * and over the batch, so no rule deals with broadcasting.
 */
final class Derivatives implements Op.Visitor<List<Derivatives.Contribution>> {
  /** The part of {@code input}'s adjoint that flows through one use. */
  record Contribution(Node input, Node adjoint) {}

  private final Graph.Builder b;
  private final Node y;
  private final Node g;

  Derivatives(Graph.Builder builder, Node y, Node g) {
    this.b = builder;
    this.y = y;
    this.g = g;
  }

  private static List<Contribution> none() {
    return List.of();
  }

  @Override
  public List<Contribution> visitInput(Op.Input op) {
    return none();
  }

  @Override
  public List<Contribution> visitTarget(Op.Target op) {
    return none();
  }

  @Override
  public List<Contribution> visitParam(Op.Param op) {
    return none();
  }

  @Override
  public List<Contribution> visitConst(Op.Const op) {
    return none();
  }

  @Override
  public List<Contribution> visitBatchInverse(Op.BatchInverse op) {
    return none();
  }

  @Override
  public List<Contribution> visitUnary(Op.Unary op) {
    Node x = op.x();
    Node dx = switch (op.fn()) {
      case NEG -> b.neg(g);
      // d exp(x) = exp(x): reuse the forward value.
      case EXP -> b.mul(g, y);
      case LOG -> b.div(g, x);
      // d sqrt(x) = 1 / (2 sqrt(x)), from the forward value.
      case SQRT -> b.div(g, b.mul(b.constant(2), y));
      case ABS -> b.mul(g, b.unary(UnaryFn.SIGN, x));
      case SIN -> b.mul(g, b.unary(UnaryFn.COS, x));
      case COS -> b.neg(b.mul(g, b.unary(UnaryFn.SIN, x)));
      // relu'(x) = step(x) = step(relu(x)): reading the output lets the input stay unstored.
      case RELU -> b.mul(g, b.unary(UnaryFn.STEP, y));
      // sigmoid' = s (1 - s), from the forward value s.
      case SIGMOID -> b.mul(g, b.mul(y, b.sub(b.constant(1), y)));
      // tanh' = 1 - t^2, from the forward value t.
      case TANH -> b.mul(g, b.sub(b.constant(1), b.mul(y, y)));
      case SOFTPLUS -> b.mul(g, b.unary(UnaryFn.SIGMOID, x));
      // Steps and signs are flat almost everywhere.
      case SIGN, STEP, HEAVISIDE -> null;
    };
    return dx == null ? none() : List.of(new Contribution(x, dx));
  }

  @Override
  public List<Contribution> visitBinary(Op.Binary op) {
    Node a = op.a();
    Node c = op.b();
    return switch (op.fn()) {
      case ADD -> List.of(new Contribution(a, g), new Contribution(c, g));
      case SUB -> List.of(new Contribution(a, g), new Contribution(c, b.neg(g)));
      case MUL -> List.of(new Contribution(a, b.mul(g, c)), new Contribution(c, b.mul(g, a)));
      // d(a/c)/dc = -a/c^2 = -y/c, from the forward value y.
      case DIV -> List.of(new Contribution(a, b.div(g, c)), new Contribution(c, b.neg(b.div(b.mul(g, y), c))));
      // d a^c / da = c a^(c-1);  d a^c / dc = a^c log(a).
      case POW -> List.of(
          new Contribution(a, b.mul(g, b.mul(c, b.binary(BinaryFn.POW, a, b.sub(c, b.constant(1)))))),
          new Contribution(c, b.mul(g, b.mul(y, b.unary(UnaryFn.LOG, a)))));
      // The larger argument takes the gradient; equal arguments share it.
      case MAX -> List.of(new Contribution(a, b.mul(g, heaviside(a, c))), new Contribution(c, b.mul(g, heaviside(c, a))));
      case MIN -> List.of(new Contribution(a, b.mul(g, heaviside(c, a))), new Contribution(c, b.mul(g, heaviside(a, c))));
      case EQ -> none();
    };
  }

  /** 1 where p > q, 1/2 where they are equal, 0 elsewhere. */
  private Node heaviside(Node p, Node q) {
    return b.unary(UnaryFn.HEAVISIDE, b.sub(p, q));
  }

  /**
   * For C = op(A) op(B): dA = g op(B)^T and dB = op(A)^T g, with vectors as rows or columns and
   * each transpose folded into the product's flags; a vector times a vector is an outer product.
   */
  @Override
  public List<Contribution> visitMatMul(Op.MatMul op) {
    Node a = op.a();
    Node c = op.b();
    boolean ta = op.transA();
    boolean tc = op.transB();
    int ra = a.shape().rank();
    int rc = c.shape().rank();
    Node da;
    Node dc;
    if (ra == 2 && rc == 2) {
      da = ta ? matMul(c, g, tc, true) : matMul(g, c, false, !tc);
      dc = tc ? matMul(g, a, true, ta) : matMul(a, g, !ta, false);
    } else if (ra == 2) {
      da = ta ? outer(c, g) : outer(g, c);
      dc = matMul(a, g, !ta, false);
    } else if (rc == 2) {
      da = matMul(c, g, tc, false);
      dc = tc ? outer(g, a) : outer(a, g);
    } else {
      da = b.mul(g, c);
      dc = b.mul(g, a);
    }
    return List.of(new Contribution(a, da), new Contribution(c, dc));
  }

  private Node matMul(Node a, Node c, boolean ta, boolean tc) {
    return b.add(new Op.MatMul(a, c, ta, tc));
  }

  /** u v^T as a broadcast product of a column [m, 1] and a row [1, n]. */
  private Node outer(Node u, Node v) {
    return b.mul(b.reshape(u, Shape.of(u.shape().size(), 1)), b.reshape(v, Shape.of(1, v.shape().size())));
  }

  @Override
  public List<Contribution> visitSum(Op.Sum op) {
    Node x = op.x();
    Node kept = b.reshape(g, x.shape().keepingDims(op.axes()));
    return List.of(new Contribution(x, b.add(new Op.Broadcast(kept, x.shape(), false))));
  }

  @Override
  public List<Contribution> visitBatchSum(Op.BatchSum op) {
    return List.of(new Contribution(op.x(), g));
  }

  @Override
  public List<Contribution> visitBroadcast(Op.Broadcast op) {
    return List.of(new Contribution(op.x(), g));
  }

  @Override
  public List<Contribution> visitReshape(Op.Reshape op) {
    return List.of(new Contribution(op.x(), b.reshape(g, op.x().shape())));
  }

  /** d logsumexp(x) / dx = softmax(x) = exp(x - logsumexp(x)), from the forward value. */
  @Override
  public List<Contribution> visitLogSumExp(Op.LogSumExp op) {
    Node x = op.x();
    Shape column = new Shape(append(x.shape().dropLast(), 1));
    Node softmax = b.unary(UnaryFn.EXP, b.sub(x, b.reshape(y, column)));
    return List.of(new Contribution(x, b.mul(b.reshape(g, column), softmax)));
  }

  private static List<Integer> append(Shape shape, int dim) {
    List<Integer> dims = new java.util.ArrayList<>(shape.dims());
    dims.add(dim);
    return dims;
  }

  @Override
  public List<Contribution> visitOneHot(Op.OneHot op) {
    // Class labels are data, not differentiable.
    return none();
  }

  /** The rows a slice took receive its adjoint; the others receive nothing. */
  @Override
  public List<Contribution> visitSlice(Op.Slice op) {
    return List.of(new Contribution(op.x(), b.add(new Op.Pad(g, op.from(), op.x().shape().dim(0)))));
  }

  @Override
  public List<Contribution> visitPad(Op.Pad op) {
    return List.of(new Contribution(op.x(), b.add(new Op.Slice(g, op.before(), op.before() + op.x().shape().dim(0)))));
  }

  /** The gradient goes to the elements that attain the maximum, shared evenly among ties (as PyTorch's max()). */
  @Override
  public List<Contribution> visitReduceMax(Op.ReduceMax op) {
    Node x = op.x();
    Node mask = b.binary(BinaryFn.EQ, x, y);
    Node share = b.div(g, b.sumAll(mask));
    return List.of(new Contribution(x, b.mul(share, mask)));
  }

  @Override
  public List<Contribution> visitTranspose(Op.Transpose op) {
    return List.of(new Contribution(op.x(), b.add(new Op.Transpose(g))));
  }

  @Override
  public List<Contribution> visitStopGradient(Op.StopGradient op) {
    return none();
  }

  @Override
  public List<Contribution> visitState(Op.State op) {
    return none();
  }

  @Override
  public List<Contribution> visitDropoutMask(Op.DropoutMask op) {
    return none();
  }

  /** Gradients are only taken in training, so only the training branch receives any. */
  @Override
  public List<Contribution> visitTrainingSwitch(Op.TrainingSwitch op) {
    return List.of(new Contribution(op.training(), g));
  }
}
