package dev.modelc.compiler.ir;

import dev.modelc.compiler.diag.SourceFile;
import java.util.List;

/**
 * A checked model: its interface (input, target, parameters), the graph that computes output and
 * loss (and, after differentiation, every gradient), and its training settings.
 *
 * @param classes the number of classes of a class-label target, 0 for a real-valued one
 * @param minTrainingBatch the fewest examples a training batch may have (2 with batch norm over single values)
 * @param metric the metric reported during training ({@code accuracy}, {@code mae}, {@code rmse}), or null;
 *     its per-example value is the graph's {@link Graph#METRIC} root
 * @param states non-trainable tensors kept across calls, laid out like the parameters in their own array
 */
public record ModelIr(
    SourceFile source,
    String packageName,
    String name,
    Shape inputShape,
    Shape targetShape,
    int classes,
    List<ParamDecl> params,
    List<ParamDecl> states,
    int minTrainingBatch,
    String metric,
    Graph graph,
    TrainSpec train) {

  public ModelIr {
    params = List.copyOf(params);
    states = List.copyOf(states);
  }

  public ModelIr withGraph(Graph newGraph) {
    return new ModelIr(source, packageName, name, inputShape, targetShape, classes, params, states, minTrainingBatch, metric, newGraph, train);
  }

  /** The floats of non-trainable state (such as running statistics), the length of the state array. */
  public int stateCount() {
    return states.isEmpty() ? 0 : states.get(states.size() - 1).offset() + states.get(states.size() - 1).shape().size();
  }

  public int parameterCount() {
    return params.isEmpty() ? 0 : params.get(params.size() - 1).offset() + params.get(params.size() - 1).shape().size();
  }

  /** The number of floats of one example's target: 1 for a class label. */
  public int targetSize() {
    return classes > 0 ? 1 : targetShape.size();
  }
}
