package dev.modelc.compiler.emit;

import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.UnaryFn;
import dev.modelc.compiler.lower.Plan;
import java.util.List;

/**
 * Softmax as the language builds it, {@code exp(x - logsumexp(x))}, computed with one exponential
 * per element instead of two: the log-sum-exp loop keeps each exp(x - max) it sums in the
 * softmax's array and divides them by the sum, and the softmax's own step is left out. Only when
 * the softmax is stored and is the step right after its log-sum-exp, so that no other value uses
 * its array in between (workspace arrays are shared by liveness, see lower/MemoryPlan).
 */
final class Softmaxes {
  private Softmaxes() {}

  /** The softmax that the log-sum-exp {@code lse} computes along with itself, or null. */
  static Node fusedInto(Plan plan, Node lse) {
    if (!(lse.op() instanceof Op.LogSumExp op) || op.x().shape().rank() != 1 || lse.shape().rank() != 0) {
      return null;
    }
    for (List<Node> phase : List.of(plan.outputPhase(), plan.lossPhase(), plan.backwardPhase())) {
      int at = phase.indexOf(lse);
      if (at >= 0) {
        Node next = at + 1 < phase.size() ? phase.get(at + 1) : null;
        return next != null && lse.equals(logSumExpOf(plan, next, op.x())) ? next : null;
      }
    }
    return null;
  }

  /** Whether {@code node} is a softmax that its log-sum-exp's step computes. */
  static boolean computedWithItsLogSumExp(Plan plan, Node node) {
    if (!(node.op() instanceof Op.Unary u) || u.fn() != UnaryFn.EXP || !(u.x().op() instanceof Op.Binary sub)) {
      return false;
    }
    Node lse = logSumExpOf(plan, node, sub.a());
    return lse != null && node.equals(fusedInto(plan, lse));
  }

  /**
   * The log-sum-exp L when {@code node} is exp(x - reshape(L)) with L = logsumexp(x), stored,
   * with the difference and the reshape inlined; otherwise null.
   */
  private static Node logSumExpOf(Plan plan, Node node, Node x) {
    if (!plan.isMaterialized(node) || !plan.storageOf(node).batched()
        || !(node.op() instanceof Op.Unary u) || u.fn() != UnaryFn.EXP
        || !(u.x().op() instanceof Op.Binary sub) || sub.fn() != BinaryFn.SUB || plan.isMaterialized(u.x())
        || !sub.a().equals(x) || !(sub.b().op() instanceof Op.Reshape r) || plan.isMaterialized(sub.b())
        || !(r.x().op() instanceof Op.LogSumExp lse) || !lse.x().equals(x) || !node.shape().equals(x.shape())) {
      return null;
    }
    return r.x();
  }
}
