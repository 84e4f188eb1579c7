package dev.modelc.compiler.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text forms of the IR: {@link #graph} lists every node (for {@code --emit ir}); {@link #formula}
 * writes one value as an expression over the model's own names (for {@code --emit grad}).
 */
public final class Printer {
  private final Map<Node, String> names = new HashMap<>();

  private Printer(ModelIr model, Map<Node, String> inputs) {
    model.graph().roots().forEach((root, node) -> {
      String name = Graph.nameOf(root);
      if (name != null) {
        names.putIfAbsent(node, name);
      }
    });
    names.putAll(inputs);
  }

  /** Every node, one per line, with its shape, batching and source line. */
  public static String graph(ModelIr model) {
    StringBuilder s = new StringBuilder();
    s.append("model ").append(model.name()).append(" (").append(model.graph().nodes().size()).append(" nodes)\n");
    for (Node node : model.graph().nodes()) {
      s.append(String.format("  %-6s = %-40s : %s%s", node, describe(node.op()), node.shape(),
          node.batched() ? " per example" : ""));
      if (node.line() > 0) {
        s.append("  // line ").append(node.line());
      }
      s.append('\n');
    }
    model.graph().roots().forEach((name, node) -> s.append("  ").append(name).append(" <- ").append(node).append('\n'));
    return s.toString();
  }

  private static String describe(Op op) {
    StringBuilder s = new StringBuilder();
    if (op instanceof Op.Param p) {
      return "param " + p.name();
    }
    if (op instanceof Op.State st) {
      return "state " + st.name();
    }
    if (op instanceof Op.Const c) {
      return "const " + c.value();
    }
    if (op instanceof Op.Unary u) {
      s.append(u.fn().label());
    } else if (op instanceof Op.Binary b) {
      s.append(b.fn().name().toLowerCase());
    } else if (op instanceof Op.MatMul m) {
      s.append("matmul").append(m.transA() ? " T" : "").append(m.transB() ? " T" : "");
    } else if (op instanceof Op.Sum sum) {
      s.append("sum axes ").append(sum.axes());
    } else if (op instanceof Op.Broadcast br) {
      s.append("broadcast ").append(br.shape()).append(br.batched() ? " per example" : "");
    } else if (op instanceof Op.Reshape r) {
      s.append("reshape ").append(r.shape());
    } else if (op instanceof Op.OneHot h) {
      s.append("one_hot ").append(h.classes());
    } else if (op instanceof Op.Slice sl) {
      s.append("slice ").append(sl.from()).append(':').append(sl.to());
    } else if (op instanceof Op.Pad pad) {
      s.append("pad ").append(pad.before()).append(" of ").append(pad.size());
    } else {
      s.append(op.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase());
    }
    List<Node> inputs = op.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      s.append(i == 0 ? " " : ", ").append(inputs.get(i));
    }
    return s.toString();
  }

  /** The derivative of the mean loss with respect to every parameter, as simplified expressions. */
  public static String gradients(ModelIr model, String inputName, String targetName) {
    Map<Node, String> leaves = new HashMap<>();
    for (Node node : model.graph().nodes()) {
      if (node.op() instanceof Op.Input) {
        leaves.put(node, inputName);
      } else if (node.op() instanceof Op.Target) {
        leaves.put(node, targetName);
      }
    }
    Printer printer = new Printer(model, leaves);
    StringBuilder s = new StringBuilder("model " + model.name() + "\n");
    for (ParamDecl p : model.params()) {
      Node g = model.graph().root(Graph.gradient(p.name()));
      s.append("  d loss / d ").append(p.name()).append(" ").append(p.shape()).append(" = ")
          .append(printer.formula(g, false)).append('\n');
    }
    return s.toString();
  }

  private static boolean isColumn(Node n) {
    return n.op() instanceof Op.Reshape r && r.shape().rank() == 2 && r.shape().dim(1) == 1 && r.x().shape().rank() == 1;
  }

  private static boolean isRow(Node n) {
    return n.op() instanceof Op.Reshape r && r.shape().rank() == 2 && r.shape().dim(0) == 1 && r.x().shape().rank() == 1;
  }

  private String formula(Node node, boolean nested) {
    String name = names.get(node);
    if (name != null) {
      return name;
    }
    Op op = node.op();
    String text;
    if (op instanceof Op.Param p) {
      return p.name();
    } else if (op instanceof Op.Const c) {
      return c.value() == Math.rint(c.value()) && Math.abs(c.value()) < 1e15 ? String.valueOf((long) c.value()) : String.valueOf(c.value());
    } else if (op instanceof Op.BatchInverse) {
      return "1/n";
    } else if (op instanceof Op.Unary u) {
      return u.fn() == UnaryFn.NEG ? "-" + formula(u.x(), true) : u.fn().label() + "(" + formula(u.x(), false) + ")";
    } else if (op instanceof Op.Binary b && b.fn() == BinaryFn.MUL && isColumn(b.a()) && isRow(b.b())) {
      return "outer(" + formula(b.a(), false) + ", " + formula(b.b(), false) + ")";
    } else if (op instanceof Op.Binary b && !b.fn().infix()) {
      return b.fn().symbol() + "(" + formula(b.a(), false) + ", " + formula(b.b(), false) + ")";
    } else if (op instanceof Op.Binary b) {
      text = formula(b.a(), true) + " " + b.fn().symbol() + " " + formula(b.b(), true);
    } else if (op instanceof Op.MatMul m) {
      text = formula(m.a(), true) + (m.transA() ? "ᵀ" : "") + " @ " + formula(m.b(), true) + (m.transB() ? "ᵀ" : "");
    } else if (op instanceof Op.Sum sum) {
      return "sum(" + formula(sum.x(), false) + (sum.axes().size() == sum.x().shape().rank() ? "" : ", axes " + sum.axes()) + ")";
    } else if (op instanceof Op.BatchSum bs) {
      return "sum over batch(" + formula(bs.x(), false) + ")";
    } else if (op instanceof Op.Broadcast br) {
      return formula(br.x(), nested);
    } else if (op instanceof Op.Reshape r) {
      return formula(r.x(), nested);
    } else if (op instanceof Op.LogSumExp l) {
      return "logsumexp(" + formula(l.x(), false) + ")";
    } else if (op instanceof Op.OneHot h) {
      return "one_hot(" + formula(h.label(), false) + ", " + h.classes() + ")";
    } else if (op instanceof Op.State st) {
      return st.name();
    } else if (op instanceof Op.DropoutMask d) {
      return "dropout_mask(" + d.p() + ")";
    } else if (op instanceof Op.TrainingSwitch sw) {
      return formula(sw.training(), nested);
    } else if (op instanceof Op.ReduceMax m) {
      return "max(" + formula(m.x(), false) + ")";
    } else if (op instanceof Op.Transpose t) {
      return formula(t.x(), true) + "ᵀ";
    } else if (op instanceof Op.StopGradient sg) {
      return "stop_gradient(" + formula(sg.x(), false) + ")";
    } else if (op instanceof Op.Slice sl) {
      return formula(sl.x(), true) + "[" + sl.from() + ":" + sl.to() + "]";
    } else if (op instanceof Op.Pad pad) {
      return "pad(" + formula(pad.x(), false) + ", rows " + pad.before() + " of " + pad.size() + ")";
    } else {
      return "?";
    }
    return nested ? "(" + text + ")" : text;
  }
}
