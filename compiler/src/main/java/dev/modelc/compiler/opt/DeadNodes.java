package dev.modelc.compiler.opt;

import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import java.util.HashMap;
import java.util.Map;

/** Removes every node that no root reaches, renumbering the rest in the same order. */
public final class DeadNodes implements Pass {
  @Override
  public Graph run(Graph graph) {
    boolean[] live = new boolean[graph.nodes().size()];
    for (Node root : graph.roots().values()) {
      live[root.id()] = true;
    }
    // Ids are topological, so one backward sweep marks every ancestor of a root.
    for (int i = live.length - 1; i >= 0; i--) {
      if (live[i]) {
        for (Node input : graph.nodes().get(i).op().inputs()) {
          live[input.id()] = true;
        }
      }
    }
    Graph.Builder b = new Graph.Builder();
    Map<Node, Node> copies = new HashMap<>();
    for (Node node : graph.nodes()) {
      if (live[node.id()]) {
        b.at(node.line());
        copies.put(node, b.add(node.op().accept(new Rebuild(copies))));
      }
    }
    graph.roots().forEach((name, root) -> b.root(name, copies.get(root)));
    return b.build();
  }
}
