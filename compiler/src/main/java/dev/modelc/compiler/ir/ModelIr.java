package dev.modelc.compiler.ir;

import dev.modelc.compiler.diag.SourceFile;
import java.util.List;

/**
 * A checked model: its interface (input, target, parameters), the graph that computes output and
 * loss (and, after differentiation, every gradient), and its training settings.
 *
 * @param classes the number of classes of a class-label target, 0 for a real-valued one
 */
public record ModelIr(
    SourceFile source,
    String packageName,
    String name,
    Shape inputShape,
    Shape targetShape,
    int classes,
    List<ParamDecl> params,
    Graph graph,
    TrainSpec train) {

  public ModelIr {
    params = List.copyOf(params);
  }

  public ModelIr withGraph(Graph newGraph) {
    return new ModelIr(source, packageName, name, inputShape, targetShape, classes, params, newGraph, train);
  }

  public int parameterCount() {
    return params.isEmpty() ? 0 : params.get(params.size() - 1).offset() + params.get(params.size() - 1).shape().size();
  }

  /** The number of floats of one example's target: 1 for a class label. */
  public int targetSize() {
    return classes > 0 ? 1 : targetShape.size();
  }
}
