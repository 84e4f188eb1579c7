package dev.modelc.compiler.opt;

import dev.modelc.compiler.ir.Graph;
import java.util.List;

/** The optimization pipeline, in order. */
public final class Passes {
  private Passes() {}

  /**
   * Simplification runs twice because folding one node (x * 0) can expose more (a sum of zeros);
   * dead-node removal runs last, after every rewrite has orphaned what it replaced.
   */
  public static final List<Pass> ALL = List.of(new Simplify(), new Simplify(), new DeadNodes());

  public static Graph optimize(Graph graph) {
    for (Pass pass : ALL) {
      graph = pass.run(graph);
    }
    return graph;
  }
}
