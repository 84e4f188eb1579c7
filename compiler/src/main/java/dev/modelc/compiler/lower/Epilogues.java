package dev.modelc.compiler.lower;

import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds the stored elementwise nodes that the product they read can compute in its epilogue, so
 * that the product needs no buffer and no pass of its own:
 * <pre>
 * t3 = W @ x;  h = relu(t3 + b)     →  h = relu(W @ x + b), one sgemmBias(..., relu = true)
 * t31 = Wᵀ @ g;  t34 = t31 * step(h)  →  t34 = (Wᵀ @ g) ⊙ [h > 0], one sgemmMask
 * </pre>
 * Only products that one call computes for the whole batch with one example per row of C
 * qualify: a batched row vector times an unbatched matrix, or an unbatched matrix times a batched
 * column vector (the forms of {@code MatMulEmitter}), read by nothing but the fused node.
 */
final class Epilogues {
  private Epilogues() {}

  /**
   * The products to fuse, by the node that computes them with an epilogue.
   *
   * @param all the nodes the plan computes or reads
   * @param uses how many nodes read each node
   * @param roots nodes that must keep storage of their own (outputs, losses, gradients)
   */
  static Map<Node, Plan.Epilogue> find(Iterable<Node> nodes, Set<Node> all, Map<Node, Integer> uses,
      Set<Node> roots, Map<Node, Storage> storage) {
    Map<Node, Plan.Epilogue> found = new LinkedHashMap<>();
    for (Node node : nodes) {
      Storage dst = storage.get(node);
      if (!all.contains(node) || dst == null || !dst.batched()) {
        continue;
      }
      Plan.Epilogue fused = match(node, storage);
      if (fused != null && uses.getOrDefault(fused.product(), 0) == 1 && !roots.contains(fused.product())
          && oneCall(fused.product(), storage)) {
        found.put(node, fused);
      }
    }
    return found;
  }

  /** The product and epilogue that {@code node}'s formula is, or null. */
  private static Plan.Epilogue match(Node node, Map<Node, Storage> storage) {
    Op op = node.op();
    if (op instanceof Op.Unary u && u.fn() == UnaryFn.RELU && !storage.containsKey(u.x())) {
      Plan.Epilogue sum = match(u.x(), storage);
      return sum != null && sum.kind() == Plan.Epilogue.Kind.BIAS && node.shape().equals(u.x().shape())
          ? new Plan.Epilogue(sum.product(), Plan.Epilogue.Kind.BIAS_RELU, sum.operand()) : null;
    }
    if (!(op instanceof Op.Binary b) || !node.shape().equals(b.a().shape()) || !node.shape().equals(b.b().shape())) {
      return null;
    }
    if (b.fn() == BinaryFn.ADD) {
      Plan.Epilogue sum = bias(b.a(), b.b(), storage);
      return sum != null ? sum : bias(b.b(), b.a(), storage);
    }
    if (b.fn() == BinaryFn.MUL) {
      Plan.Epilogue masked = mask(b.a(), b.b(), storage);
      return masked != null ? masked : mask(b.b(), b.a(), storage);
    }
    return null;
  }

  /** {@code product + vector}, the vector stored once for every example. */
  private static Plan.Epilogue bias(Node product, Node vector, Map<Node, Storage> storage) {
    Storage v = storage.get(vector);
    if (!(product.op() instanceof Op.MatMul) || v == null || v.batched() || vector.batched()) {
      return null;
    }
    return new Plan.Epilogue(product, Plan.Epilogue.Kind.BIAS, vector);
  }

  /** {@code product * step(h)}, h stored for every example and the step inlined. */
  private static Plan.Epilogue mask(Node product, Node step, Map<Node, Storage> storage) {
    if (!(product.op() instanceof Op.MatMul) || storage.containsKey(step)
        || !(step.op() instanceof Op.Unary u) || u.fn() != UnaryFn.STEP) {
      return null;
    }
    Storage h = storage.get(u.x());
    if (h == null || !h.batched() || !u.x().shape().equals(product.shape())) {
      return null;
    }
    return new Plan.Epilogue(product, Plan.Epilogue.Kind.MASK, u.x());
  }

  /**
   * Whether one call computes the product for the whole batch with one example per row of C: a
   * batched row vector times an unbatched matrix as stored, or an unbatched matrix times a batched
   * column vector.
   */
  private static boolean oneCall(Node product, Map<Node, Storage> storage) {
    Op.MatMul op = (Op.MatMul) product.op();
    Storage a = storage.get(op.a());
    Storage b = storage.get(op.b());
    if (a == null || b == null) {
      return false;
    }
    if (a.batched() && !b.batched()) {
      int rows = op.a().shape().rank() == 1 ? 1 : op.a().shape().dim(op.transA() ? 1 : 0);
      return rows == 1 && (op.a().shape().rank() == 1 || !op.transA());
    }
    if (!a.batched() && b.batched()) {
      return op.b().shape().rank() == 1 || op.b().shape().dim(op.transB() ? 0 : 1) == 1;
    }
    return false;
  }
}
