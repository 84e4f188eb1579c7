package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.List;
import java.util.Map;

/**
 * The metrics a model may report during training, each as a per-example value whose mean over a
 * data set (then, for rmse, its square root) is the reported figure.
 */
final class Metrics {
  private Metrics() {}

  static final List<String> NAMES = List.of("accuracy", "mae", "rmse");

  /** The per-example metric of {@code metric f(args);}, or null after reporting an error. */
  static Node resolve(Expr.Call call, ModelChecker model) {
    String name = call.function().text();
    if (!NAMES.contains(name)) {
      model.error(call.span(), Messages.unknownMetric(name, Suggestions.nearest(name, NAMES)));
      return null;
    }
    boolean accuracy = name.equals("accuracy");
    Function f = new Function(name, Function.Kind.FUNCTION,
        List.of(arg(accuracy ? "logits" : "pred"), arg("target")), a -> accuracy ? accuracy(a) : error(a));
    Map<String, Expr> given = f.bind(call, model);
    return given == null ? null : f.lowering().lower(new Args(f, call, given, model.exprs()));
  }

  /** 1 when the label's logit is the largest (a tie counts as right), else 0. */
  private static Node accuracy(Args a) {
    Node logits = a.tensor("logits");
    Scope.Label label = a.label("target");
    if (logits == null) {
      return null;
    }
    if (logits.shape().rank() != 1) {
      a.error(a.span("logits"), Messages.notAVector(a.function(), logits.shape().toString()));
      return null;
    }
    if (label == null) {
      a.error(a.span("target"), Messages.needsLabel(a.function()));
      return null;
    }
    int k = logits.shape().dim(0);
    if (label.classes() != k) {
      a.error(a.span("target"), Messages.classCountMismatch(a.function(), k, label.classes(), a.text("target")));
      return null;
    }
    Graph.Builder b = a.builder();
    Node picked = b.sumAll(b.mul(logits, b.add(new Op.OneHot(label.node(), k))));
    return b.binary(BinaryFn.EQ, picked, b.add(new Op.ReduceMax(logits)));
  }

  /** mae: the mean absolute error of the example; rmse: its mean squared error (rooted after averaging). */
  private static Node error(Args a) {
    Node pred = a.tensor("pred");
    Node target = a.tensor("target");
    if (pred == null || target == null) {
      return null;
    }
    var shape = ExprChecker.broadcast(a, a.span(), "compare", pred, target);
    if (shape == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    Node d = b.sub(pred, target);
    Node per = a.function().equals("mae") ? b.unary(UnaryFn.ABS, d) : b.mul(d, d);
    return b.mul(b.constant(1.0 / shape.size()), b.sumAll(per));
  }
}
