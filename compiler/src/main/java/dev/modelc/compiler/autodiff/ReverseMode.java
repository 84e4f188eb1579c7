package dev.modelc.compiler.autodiff;

import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.ParamDecl;
import dev.modelc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation: adds to the graph, for every parameter, a root holding the
 * gradient of the batch's mean loss. Adjoints flow from the loss to the leaves in reverse
 * topological order; this walker alone sums contributions, undoes broadcasting and sums over the
 * batch, so that the rules in {@link Derivatives} stay one line each.
 */
public final class ReverseMode {
  private ReverseMode() {}

  public static ModelIr run(ModelIr model) {
    Graph graph = model.graph();
    Graph.Builder b = new Graph.Builder(graph);
    Node loss = graph.root(Graph.LOSS);
    Map<Node, Node> adjoint = new HashMap<>();
    b.at(loss.line());
    // The objective is the mean over the batch of the per-example loss: each example weighs 1/n.
    adjoint.put(loss, b.add(new Op.BatchInverse()));

    List<Node> nodes = graph.nodes();
    for (int i = loss.id(); i >= 0; i--) {
      Node y = nodes.get(i);
      Node g = adjoint.get(y);
      if (g == null) {
        continue;
      }
      b.at(y.line());
      for (Derivatives.Contribution c : y.op().accept(new Derivatives(b, y, g))) {
        Node part = fit(b, c.adjoint(), c.input(), y.batched());
        Node previous = adjoint.get(c.input());
        adjoint.put(c.input(), previous == null ? part : b.add(previous, part));
      }
    }

    for (ParamDecl param : model.params()) {
      Node node = findParam(graph, param);
      Node g = node == null ? null : adjoint.get(node);
      b.at(param.line());
      b.root(Graph.gradient(param.name()), g != null ? g : zeros(b, param.shape()));
    }
    return model.withGraph(b.build());
  }

  /**
   * Brings a contribution to the input's shape: sums broadcast axes away, and sums over the batch
   * when a value shared by all examples was used per example. An adjoint that is the same for every
   * example (such as 1/n) is still one contribution per example, so it is broadcast before the sum.
   */
  private static Node fit(Graph.Builder b, Node part, Node input, boolean perExample) {
    Shape target = input.shape();
    Shape shape = part.shape();
    if (!shape.equals(target)) {
      List<Integer> axes = new ArrayList<>();
      int extra = shape.rank() - target.rank();
      for (int axis = 0; axis < shape.rank(); axis++) {
        if (axis < extra || (target.dim(axis - extra) == 1 && shape.dim(axis) != 1)) {
          axes.add(axis);
        }
      }
      if (!axes.isEmpty()) {
        part = b.add(new Op.Sum(part, axes));
      }
      part = b.reshape(part, target);
    }
    if (perExample && !input.batched()) {
      if (!part.batched()) {
        part = b.add(new Op.Broadcast(part, part.shape(), true));
      }
      part = b.add(new Op.BatchSum(part));
    }
    return part;
  }

  private static Node zeros(Graph.Builder b, Shape shape) {
    return b.add(new Op.Broadcast(b.constant(0), shape, false));
  }

  private static Node findParam(Graph graph, ParamDecl param) {
    for (Node node : graph.nodes()) {
      if (node.op() instanceof Op.Param p && p.name().equals(param.name())) {
        return node;
      }
    }
    return null;
  }
}
