package dev.modelc.compiler.ir;

import java.util.Arrays;

/**
 * What the {@link Graph.Builder} interns an operation by: its kind and its fields, so that two keys
 * are equal exactly when their operations are equal records. The records' own {@code equals} and
 * {@code hashCode} would do, but the JVM links each record class's generated methods on their
 * first call (through {@code java.lang.runtime.ObjectMethods}), which costs a fresh JVM a
 * millisecond or more per class; every compile interns a dozen kinds of op, and these hand-written
 * methods are ready at once. {@code OpKeyTest} checks that the keys agree with the records.
 */
final class OpKey {
  private final Class<? extends Op> kind;
  private final Object[] fields;
  private final int hash;

  private OpKey(Op op, Object... fields) {
    this.kind = op.getClass();
    this.fields = fields;
    this.hash = 31 * kind.hashCode() + Arrays.hashCode(fields);
  }

  static OpKey of(Op op) {
    return op.accept(FIELDS);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OpKey key && key.kind == kind && Arrays.equals(key.fields, fields);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Every field of every op, in the order of the record's components. */
  private static final Op.Visitor<OpKey> FIELDS = new Op.Visitor<>() {
    @Override
    public OpKey visitInput(Op.Input op) {
      return new OpKey(op, op.shape());
    }

    @Override
    public OpKey visitTarget(Op.Target op) {
      return new OpKey(op, op.shape());
    }

    @Override
    public OpKey visitParam(Op.Param op) {
      return new OpKey(op, op.index(), op.name(), op.shape());
    }

    @Override
    public OpKey visitConst(Op.Const op) {
      // Double.equals, like the record's equals, tells -0.0 from 0.0 and finds NaN equal to itself.
      return new OpKey(op, op.value());
    }

    @Override
    public OpKey visitBatchInverse(Op.BatchInverse op) {
      return new OpKey(op);
    }

    @Override
    public OpKey visitUnary(Op.Unary op) {
      return new OpKey(op, op.fn(), op.x());
    }

    @Override
    public OpKey visitBinary(Op.Binary op) {
      return new OpKey(op, op.fn(), op.a(), op.b());
    }

    @Override
    public OpKey visitMatMul(Op.MatMul op) {
      return new OpKey(op, op.a(), op.b(), op.transA(), op.transB());
    }

    @Override
    public OpKey visitSum(Op.Sum op) {
      return new OpKey(op, op.x(), op.axes());
    }

    @Override
    public OpKey visitBatchSum(Op.BatchSum op) {
      return new OpKey(op, op.x());
    }

    @Override
    public OpKey visitBroadcast(Op.Broadcast op) {
      return new OpKey(op, op.x(), op.shape(), op.batched());
    }

    @Override
    public OpKey visitReshape(Op.Reshape op) {
      return new OpKey(op, op.x(), op.shape());
    }

    @Override
    public OpKey visitLogSumExp(Op.LogSumExp op) {
      return new OpKey(op, op.x());
    }

    @Override
    public OpKey visitOneHot(Op.OneHot op) {
      return new OpKey(op, op.label(), op.classes());
    }

    @Override
    public OpKey visitSlice(Op.Slice op) {
      return new OpKey(op, op.x(), op.from(), op.to());
    }

    @Override
    public OpKey visitPad(Op.Pad op) {
      return new OpKey(op, op.x(), op.before(), op.size());
    }

    @Override
    public OpKey visitReduceMax(Op.ReduceMax op) {
      return new OpKey(op, op.x());
    }

    @Override
    public OpKey visitTranspose(Op.Transpose op) {
      return new OpKey(op, op.x());
    }

    @Override
    public OpKey visitStopGradient(Op.StopGradient op) {
      return new OpKey(op, op.x());
    }

    @Override
    public OpKey visitState(Op.State op) {
      return new OpKey(op, op.index(), op.name(), op.shape());
    }

    @Override
    public OpKey visitDropoutMask(Op.DropoutMask op) {
      return new OpKey(op, op.index(), op.shape(), op.p());
    }

    @Override
    public OpKey visitTrainingSwitch(Op.TrainingSwitch op) {
      return new OpKey(op, op.training(), op.inference());
    }
  };
}
