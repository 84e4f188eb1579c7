package dev.modelc.compiler.opt;

import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import java.util.Map;

/** The same operation over the copies of its inputs, for passes that rebuild a graph node by node. */
final class Rebuild implements Op.Visitor<Op> {
  private final Map<Node, Node> copies;

  Rebuild(Map<Node, Node> copies) {
    this.copies = copies;
  }

  private Node copy(Node node) {
    Node copy = copies.get(node);
    if (copy == null) {
      throw new IllegalStateException("input " + node + " was not copied before its use");
    }
    return copy;
  }

  @Override
  public Op visitInput(Op.Input op) {
    return op;
  }

  @Override
  public Op visitTarget(Op.Target op) {
    return op;
  }

  @Override
  public Op visitParam(Op.Param op) {
    return op;
  }

  @Override
  public Op visitConst(Op.Const op) {
    return op;
  }

  @Override
  public Op visitBatchInverse(Op.BatchInverse op) {
    return op;
  }

  @Override
  public Op visitUnary(Op.Unary op) {
    return new Op.Unary(op.fn(), copy(op.x()));
  }

  @Override
  public Op visitBinary(Op.Binary op) {
    return new Op.Binary(op.fn(), copy(op.a()), copy(op.b()));
  }

  @Override
  public Op visitMatMul(Op.MatMul op) {
    return new Op.MatMul(copy(op.a()), copy(op.b()), op.transA(), op.transB());
  }

  @Override
  public Op visitSum(Op.Sum op) {
    return new Op.Sum(copy(op.x()), op.axes());
  }

  @Override
  public Op visitBatchSum(Op.BatchSum op) {
    return new Op.BatchSum(copy(op.x()));
  }

  @Override
  public Op visitBroadcast(Op.Broadcast op) {
    return new Op.Broadcast(copy(op.x()), op.shape(), op.batched());
  }

  @Override
  public Op visitReshape(Op.Reshape op) {
    return new Op.Reshape(copy(op.x()), op.shape());
  }

  @Override
  public Op visitLogSumExp(Op.LogSumExp op) {
    return new Op.LogSumExp(copy(op.x()));
  }

  @Override
  public Op visitOneHot(Op.OneHot op) {
    return new Op.OneHot(copy(op.label()), op.classes());
  }

  @Override
  public Op visitSlice(Op.Slice op) {
    return new Op.Slice(copy(op.x()), op.from(), op.to());
  }

  @Override
  public Op visitPad(Op.Pad op) {
    return new Op.Pad(copy(op.x()), op.before(), op.size());
  }

  @Override
  public Op visitReduceMax(Op.ReduceMax op) {
    return new Op.ReduceMax(copy(op.x()));
  }

  @Override
  public Op visitTranspose(Op.Transpose op) {
    return new Op.Transpose(copy(op.x()));
  }

  @Override
  public Op visitStopGradient(Op.StopGradient op) {
    return new Op.StopGradient(copy(op.x()));
  }

  @Override
  public Op visitState(Op.State op) {
    return op;
  }

  @Override
  public Op visitDropoutMask(Op.DropoutMask op) {
    return op;
  }

  @Override
  public Op visitTrainingSwitch(Op.TrainingSwitch op) {
    return new Op.TrainingSwitch(copy(op.training()), copy(op.inference()));
  }
}
