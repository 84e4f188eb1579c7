package dev.modelc.compiler.opt;

import dev.modelc.compiler.ir.Graph;

/** One optimization: takes an immutable graph and returns a new one that computes the same roots. */
public interface Pass {
  Graph run(Graph graph);
}
