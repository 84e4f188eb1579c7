package dev.modelc.compiler.ir;

import java.util.List;

/**
 * The operations of the IR. Every value a model computes, forward or backward, is one of these
 * over earlier nodes. Shapes are per example; the batch axis is implicit (see {@link Node#batched}).
 */
public sealed interface Op {
  /** The nodes this operation reads, in order. */
  List<Node> inputs();

  <R> R accept(Visitor<R> visitor);

  /** Handles every operation; code that must cover all of them (shapes, derivatives, emission) implements it. */
  interface Visitor<R> {
    R visitInput(Input op);

    R visitTarget(Target op);

    R visitParam(Param op);

    R visitConst(Const op);

    R visitBatchInverse(BatchInverse op);

    R visitUnary(Unary op);

    R visitBinary(Binary op);

    R visitMatMul(MatMul op);

    R visitSum(Sum op);

    R visitBatchSum(BatchSum op);

    R visitBroadcast(Broadcast op);

    R visitReshape(Reshape op);

    R visitLogSumExp(LogSumExp op);

    R visitOneHot(OneHot op);

    R visitSlice(Slice op);

    R visitPad(Pad op);

    R visitReduceMax(ReduceMax op);

    R visitTranspose(Transpose op);

    R visitStopGradient(StopGradient op);

    R visitState(State op);

    R visitDropoutMask(DropoutMask op);

    R visitTrainingSwitch(TrainingSwitch op);
  }

  /** The model's input: one example per row of the batch. */
  record Input(Shape shape) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitInput(this);
    }
  }

  /** The training target: real values, or a class index stored as a float. */
  record Target(Shape shape) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTarget(this);
    }
  }

  /** A trainable tensor, by its index in the model's parameter list. */
  record Param(int index, String name, Shape shape) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitParam(this);
    }
  }

  /** A scalar constant. */
  record Const(double value) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitConst(this);
    }
  }

  /** The scalar 1/n for a batch of n examples: the weight of each example in the mean loss. */
  record BatchInverse() implements Op {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBatchInverse(this);
    }
  }

  /** An elementwise function of one value. */
  record Unary(UnaryFn fn, Node x) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitUnary(this);
    }
  }

  /** An elementwise function of two values with NumPy broadcasting. */
  record Binary(BinaryFn fn, Node a, Node b) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(a, b);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBinary(this);
    }
  }

  /**
   * A matrix product per example in one of the four forms of {@code @}; {@code transA} and
   * {@code transB} read a two-dimensional operand transposed, which reverse mode needs.
   */
  record MatMul(Node a, Node b, boolean transA, boolean transB) implements Op {
    public MatMul {
      if ((transA && a.shape().rank() != 2) || (transB && b.shape().rank() != 2)) {
        throw new IllegalArgumentException("only matrices are transposed");
      }
    }

    @Override
    public List<Node> inputs() {
      return List.of(a, b);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitMatMul(this);
    }
  }

  /** The sum over some axes of each example, which are removed from the shape. */
  record Sum(Node x, List<Integer> axes) implements Op {
    public Sum {
      axes = List.copyOf(axes);
    }

    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitSum(this);
    }
  }

  /** The sum over the examples of a batch: a batched value becomes one that is not. */
  record BatchSum(Node x) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBatchSum(this);
    }
  }

  /** A value repeated to a larger shape (aligned on the right) and, when batched, to every example. */
  record Broadcast(Node x, Shape shape, boolean batched) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBroadcast(this);
    }
  }

  /** The same elements in row-major order under another shape of equal size. */
  record Reshape(Node x, Shape shape) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitReshape(this);
    }
  }

  /** log(sum(exp(x))) over the last axis, computed stably; the last axis is removed. */
  record LogSumExp(Node x) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLogSumExp(this);
    }
  }

  /** A class index (a scalar per example) as a vector with a 1 at that index and 0 elsewhere. */
  record OneHot(Node label, int classes) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(label);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitOneHot(this);
    }
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) of the first axis of each example. */
  record Slice(Node x, int from, int to) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitSlice(this);
    }
  }

  /**
   * A value placed at row {@code before} of a first axis of {@code size} rows, zeros elsewhere:
   * what a slice's gradient flows back through.
   */
  record Pad(Node x, int before, int size) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPad(this);
    }
  }

  /** The largest element of each example: a scalar. */
  record ReduceMax(Node x) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitReduceMax(this);
    }
  }

  /** A matrix with rows and columns exchanged. */
  record Transpose(Node x) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTranspose(this);
    }
  }

  /** The same value, through which no gradient flows. */
  record StopGradient(Node x) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(x);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitStopGradient(this);
    }
  }

  /** A non-trainable tensor the model keeps between calls, such as batch norm's running mean. */
  record State(int index, String name, Shape shape) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitState(this);
    }
  }

  /**
   * Inverted dropout's per-element factor: in training 0 with probability p and 1/(1-p) otherwise,
   * drawn afresh for every forward pass; in inference 1. {@code index} tells apart the masks of
   * different dropout calls, which must not be merged as common subexpressions.
   */
  record DropoutMask(int index, Shape shape, double p) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDropoutMask(this);
    }
  }

  /** {@code training} while training (where gradients are taken), {@code inference} otherwise. */
  record TrainingSwitch(Node training, Node inference) implements Op {
    @Override
    public List<Node> inputs() {
      return List.of(training, inference);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTrainingSwitch(this);
    }
  }
}
