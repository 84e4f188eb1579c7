package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.List;

/** The losses, each a scalar per example, lowered to primitives with PyTorch's definitions. */
final class Losses {
  private Losses() {}

  private static final Function.Kind L = Function.Kind.LOSS;

  static void define() {
    Functions.define("mse", L, List.of(arg("pred"), arg("target")), a -> elementwise(a, (b, d) -> b.mul(d, d)));
    Functions.define("mae", L, List.of(arg("pred"), arg("target")), a -> elementwise(a, (b, d) -> b.unary(UnaryFn.ABS, d)));
    // huber = 0.5 q^2 + delta (|d| - q) with q = min(|d|, delta): quadratic inside delta, linear outside.
    Functions.define("huber", L, List.of(arg("pred"), arg("target"), arg("delta", 1.0)), a -> {
      Double delta = a.number("delta");
      if (delta == null) {
        return null;
      }
      if (!(delta > 0)) {
        a.error(a.span("delta"), Messages.mustBePositive("'delta' of 'huber'", String.valueOf(delta)));
        return null;
      }
      return elementwise(a, (b, d) -> {
        Node abs = b.unary(UnaryFn.ABS, d);
        Node q = b.binary(BinaryFn.MIN, abs, b.constant(delta));
        return b.add(b.mul(b.constant(0.5), b.mul(q, q)), b.mul(b.constant(delta), b.sub(abs, q)));
      });
    });
    Functions.define("cross_entropy", L, List.of(arg("logits"), arg("target")), Losses::crossEntropy);
    // With logits: softplus(x) - x y, which is log(1 + exp(x)) - x y without overflow (BCEWithLogitsLoss).
    Functions.define("binary_cross_entropy", L, List.of(arg("logits"), arg("target")), a -> pairwise(a, "logits",
        (b, x, y) -> b.sub(b.unary(UnaryFn.SOFTPLUS, x), b.mul(x, y))));
    // mean of max(0, 1 - y s) for y in {-1, +1}
    Functions.define("hinge", L, List.of(arg("score"), arg("target")), a -> pairwise(a, "score",
        (b, s, y) -> b.unary(UnaryFn.RELU, b.sub(b.constant(1), b.mul(y, s)))));
    Functions.define("nll", L, List.of(arg("logprobs"), arg("target")), Losses::nll);
  }

  /** A loss of the difference {@code pred - target}, averaged over elements. */
  interface OfDifference {
    Node apply(Graph.Builder b, Node difference);
  }

  /** A loss of each element pair, averaged over elements. */
  interface OfPair {
    Node apply(Graph.Builder b, Node x, Node y);
  }

  private static Node elementwise(Args a, OfDifference f) {
    return pairwise(a, "pred", (b, p, t) -> f.apply(b, b.sub(p, t)));
  }

  private static Node pairwise(Args a, String first, OfPair f) {
    Node x = a.tensor(first);
    if (a.label("target") != null) {
      a.error(a.span("target"), Messages.labelMisused(a.text("target")));
      return null;
    }
    Node target = a.tensor("target");
    if (x == null || target == null) {
      return null;
    }
    Shape shape = ExprChecker.broadcast(a, a.span(), "compare", x, target);
    if (shape == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    return b.mul(b.constant(1.0 / shape.size()), b.sumAll(f.apply(b, x, target)));
  }

  /**
   * With a class label: logsumexp(logits) - logits[label], the fused log-softmax and NLL of
   * {@code F.cross_entropy}. With a probability vector p: -sum(p * log_softmax(logits)).
   */
  static Node crossEntropy(Args a) {
    Node logits = vector(a, "logits");
    if (logits == null) {
      return null;
    }
    Graph.Builder b = a.builder();
    Node picked = picked(a, logits);
    if (picked != null) {
      return b.sub(b.add(new Op.LogSumExp(logits)), picked);
    }
    if (a.label("target") != null) {
      return null;
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

  /** -logprobs[label], as {@code F.nll_loss}. */
  static Node nll(Args a) {
    Node logprobs = vector(a, "logprobs");
    if (logprobs == null) {
      return null;
    }
    if (a.label("target") == null) {
      a.error(a.span("target"), Messages.needsLabel(a.function()));
      return null;
    }
    Node picked = picked(a, logprobs);
    return picked == null ? null : a.builder().neg(picked);
  }

  /** {@code values[label]} for a class-label target, or null (reported when the classes disagree). */
  private static Node picked(Args a, Node values) {
    Scope.Label label = a.label("target");
    if (label == null) {
      return null;
    }
    int k = values.shape().dim(0);
    if (label.classes() != k) {
      a.error(a.span("target"), Messages.classCountMismatch(a.function(), k, label.classes(), a.text("target")));
      return null;
    }
    Graph.Builder b = a.builder();
    return b.sumAll(b.mul(values, b.add(new Op.OneHot(label.node(), k))));
  }

  private static Node vector(Args a, String name) {
    Node x = a.tensor(name);
    if (x != null && x.shape().rank() != 1) {
      a.error(a.span(name), Messages.notAVector(a.function(), x.shape().toString()));
      return null;
    }
    return x;
  }
}
