package dev.modelc.compiler.emit;

import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.lower.Plan;
import dev.modelc.compiler.lower.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Java expressions for values at a loop position: a read of the value's storage when it is
 * materialized, else the value's own formula over its inputs, inlined. This is where elementwise
 * work is fused into the loop that consumes it.
 */
final class Exprs {
  private final Plan plan;
  private final Precision p;
  private final Boolean training;

  /**
   * @param training whether the code runs in training mode: TRUE or FALSE where that is known
   *     when generating (backward is always training), null to test the {@code training} flag at run time
   */
  Exprs(Plan plan, Precision precision, Boolean training) {
    this.plan = plan;
    this.p = precision;
    this.training = training;
  }

  /**
   * {@code relu(a + b)} over stored a and b reads as {@code Math.max(a[i] + b[j], 0f)}.
   */
  String at(Node node, Pos pos) {
    Storage s = plan.storageOf(node);
    if (s != null) {
      return s.array() + "[" + Pos.sum(String.valueOf(s.base()), Pos.offset(pos, node)) + "]";
    }
    return formula(node, pos);
  }

  /** The node's own formula over its inputs, whether or not the node itself is stored. */
  String formula(Node node, Pos pos) {
    Op op = node.op();
    if (op instanceof Op.Const c) {
      return p.literal(c.value());
    }
    if (op instanceof Op.BatchInverse) {
      return "invN";
    }
    if (op instanceof Op.Unary u) {
      return unary(u, at(u.x(), Pos.descend(pos, node.shape(), u.x())));
    }
    if (op instanceof Op.Binary bin) {
      String a = at(bin.a(), Pos.descend(pos, node.shape(), bin.a()));
      String b = at(bin.b(), Pos.descend(pos, node.shape(), bin.b()));
      return binary(bin, a, b);
    }
    if (op instanceof Op.Broadcast br) {
      return at(br.x(), Pos.descend(pos, node.shape(), br.x()));
    }
    if (op instanceof Op.Reshape r) {
      // Only single-element reshapes are inlined; the element is the same wherever it is read.
      return at(r.x(), single(pos, r.x()));
    }
    if (op instanceof Op.OneHot h) {
      String label = at(h.label(), single(pos, h.label()));
      String k = pos instanceof Pos.Rows rows ? rows.j() : ((Pos.Axes) pos).axes().get(0);
      return "((int) " + label + " == " + k + " ? " + p.literal(1) + " : " + p.literal(0) + ")";
    }
    if (op instanceof Op.TrainingSwitch sw) {
      if (training != null) {
        return at(training ? sw.training() : sw.inference(), pos);
      }
      return "(training ? " + at(sw.training(), pos) + " : " + at(sw.inference(), pos) + ")";
    }
    if (op instanceof Op.StopGradient sg) {
      return at(sg.x(), pos);
    }
    if (op instanceof Op.Transpose t) {
      Pos.Axes a = (Pos.Axes) pos;
      return at(t.x(), new Pos.Axes(a.b(), List.of(a.axes().get(1), a.axes().get(0))));
    }
    if (op instanceof Op.Slice sl) {
      Pos.Axes a = (Pos.Axes) pos;
      java.util.List<String> axes = new ArrayList<>(a.axes());
      axes.set(0, Pos.sum(axes.get(0), String.valueOf(sl.from())));
      return at(sl.x(), new Pos.Axes(a.b(), axes));
    }
    if (op instanceof Op.Pad pad) {
      Pos.Axes a = (Pos.Axes) pos;
      String row = a.axes().get(0);
      int end = pad.before() + pad.x().shape().dim(0);
      java.util.List<String> axes = new ArrayList<>(a.axes());
      axes.set(0, pad.before() == 0 ? row : row + " - " + pad.before());
      String inside = pad.before() == 0 ? row + " < " + end : row + " >= " + pad.before() + " && " + row + " < " + end;
      return "(" + inside + " ? " + at(pad.x(), new Pos.Axes(a.b(), axes)) + " : " + p.literal(0) + ")";
    }
    throw new IllegalStateException("not inlinable: " + op);
  }

  private static Pos single(Pos pos, Node value) {
    if (pos instanceof Pos.Axes a) {
      List<String> zeros = new ArrayList<>();
      for (int i = 0; i < value.shape().rank(); i++) {
        zeros.add("0");
      }
      return new Pos.Axes(a.b(), zeros);
    }
    return pos;
  }

  private String unary(Op.Unary u, String x) {
    return switch (u.fn()) {
      case NEG -> "(-" + x + ")";
      case EXP -> p.math("exp", x);
      case LOG -> p.math("log", x);
      case SQRT -> p.math("sqrt", x);
      case ABS -> "Math.abs(" + x + ")";
      case SIGN -> "Math.signum(" + x + ")";
      case SIN -> p.math("sin", x);
      case COS -> p.math("cos", x);
      case RELU -> "Math.max(" + x + ", " + p.literal(0) + ")";
      case SIGMOID -> "(" + p.literal(1) + " / (" + p.literal(1) + " + " + p.math("exp", "-" + x) + "))";
      case TANH -> p.math("tanh", x);
      case SOFTPLUS -> "softplus(" + x + ")";
      case STEP -> "(" + x + " > " + p.literal(0) + " ? " + p.literal(1) + " : " + p.literal(0) + ")";
      case HEAVISIDE -> "heaviside(" + x + ")";
    };
  }

  private String binary(Op.Binary bin, String a, String b) {
    return switch (bin.fn()) {
      case ADD, SUB, MUL, DIV -> "(" + a + " " + bin.fn().symbol() + " " + b + ")";
      case POW -> p.math("pow", a + ", " + b);
      case MAX -> "Math.max(" + a + ", " + b + ")";
      case MIN -> "Math.min(" + a + ", " + b + ")";
      case EQ -> "(" + a + " == " + b + " ? " + p.literal(1) + " : " + p.literal(0) + ")";
    };
  }

  /**
   * The loop shape that fits every value read in {@code value}'s inlined tree when written to a
   * destination of that shape and batching: one index when all share it, rows when some are
   * single elements per example, axes when anything broadcasts.
   */
  LoopKind kind(Node value, boolean formula, dev.modelc.compiler.ir.Shape shape, boolean batched) {
    List<Node> tree = new ArrayList<>();
    tree.add(value);
    if (formula || !plan.isMaterialized(value)) {
      for (Node input : value.op().inputs()) {
        collect(input, tree);
      }
    }
    boolean whole = true;
    boolean rows = true;
    for (Node n : tree) {
      boolean same = n.shape().equals(shape);
      boolean single = n.shape().size() == 1;
      whole &= (same && n.batched() == batched) || (single && !n.batched());
      rows &= same || single;
      if (n.op() instanceof Op.OneHot) {
        whole = false;
      }
      // Slices, pads and transposes move elements, which only per-axis indices can express.
      if (n.op() instanceof Op.Slice || n.op() instanceof Op.Pad || n.op() instanceof Op.Transpose) {
        whole = false;
        rows = false;
      }
    }
    return whole ? LoopKind.WHOLE : rows ? LoopKind.ROWS : LoopKind.AXES;
  }

  private void collect(Node node, List<Node> tree) {
    tree.add(node);
    if (!plan.isMaterialized(node)) {
      for (Node input : node.op().inputs()) {
        collect(input, tree);
      }
    }
  }

  /** How a loop over a destination is laid out. */
  enum LoopKind {
    WHOLE,
    ROWS,
    AXES
  }
}
