package dev.modelc.compiler.check;

import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;

/** The losses, each a scalar per example, lowered to primitives with PyTorch's definitions. */
final class Losses {
  private Losses() {}

  /** mean((pred - target)^2) over the elements, as {@code F.mse_loss}. */
  static Node mse(Args a) {
    Node pred = a.tensor("pred");
    if (a.label("target") != null) {
      a.error(a.span("target"), Messages.labelMisused(a.text("target")));
      return null;
    }
    Node target = a.tensor("target");
    if (pred == null || target == null) {
      return null;
    }
    Shape shape = ExprChecker.broadcast(a, a.span(), "compare", pred, target);
    if (shape == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    Node diff = b.sub(pred, target);
    return b.mul(b.constant(1.0 / shape.size()), b.sumAll(b.mul(diff, diff)));
  }

  /**
   * With a class label: logsumexp(logits) - logits[label], the fused log-softmax and NLL of
   * {@code F.cross_entropy}. With a probability vector p: -sum(p * log_softmax(logits)).
   */
  static Node crossEntropy(Args a) {
    Node logits = a.tensor("logits");
    if (logits == null) {
      return null;
    }
    if (logits.shape().rank() != 1) {
      a.error(a.span("logits"), Messages.notAVector(a.function(), logits.shape().toString()));
      return null;
    }
    Graph.Builder b = a.builder();
    int k = logits.shape().dim(0);
    Scope.Label label = a.label("target");
    if (label != null) {
      if (label.classes() != k) {
        a.error(a.span("target"), Messages.classCountMismatch(a.function(), k, label.classes(), a.text("target")));
        return null;
      }
      Node picked = b.sumAll(b.mul(logits, b.add(new Op.OneHot(label.node(), k))));
      return b.sub(b.add(new Op.LogSumExp(logits)), picked);
    }
    Node target = a.tensor("target");
    if (target == null) {
      return null;
    }
    if (!target.shape().equals(logits.shape())) {
      a.error(a.span("target"), Messages.targetNotLabel(a.function()));
      return null;
    }
    return b.neg(b.sumAll(b.mul(target, Functions.logSoftmax(b, logits))));
  }
}
