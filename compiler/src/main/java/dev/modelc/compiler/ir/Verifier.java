package dev.modelc.compiler.ir;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks the invariants every graph keeps, whatever pass made it: ids are positions, inputs come
 * before their users and belong to the graph, no operation appears twice (CSE), every shape is what
 * the shape rules give, and every root is a node of the graph. Tests run it after every pass.
 */
public final class Verifier {
  private Verifier() {}

  /** Throws {@link IllegalStateException} naming the first broken invariant. */
  public static void verify(Graph graph) {
    Map<Op, Node> seen = new HashMap<>();
    for (int i = 0; i < graph.nodes().size(); i++) {
      Node node = graph.nodes().get(i);
      require(node.id() == i, node + " is at position " + i);
      for (Node input : node.op().inputs()) {
        require(input.id() < node.id(), node + " reads " + input + ", which comes later");
        require(graph.nodes().get(input.id()) == input, node + " reads " + input + " of another graph");
      }
      Node twin = seen.put(node.op(), node);
      require(twin == null, node + " repeats " + twin);
      ShapeRules.Typed typed = node.op().accept(ShapeRules.INSTANCE);
      require(typed.shape().equals(node.shape()) && typed.batched() == node.batched(),
          node + " has shape " + node.shape() + " but its op gives " + typed.shape());
    }
    graph.roots().forEach((name, node) -> require(
        node.id() < graph.nodes().size() && graph.nodes().get(node.id()) == node, "root " + name + " is not in the graph"));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException("IR invariant broken: " + message);
    }
  }
}
