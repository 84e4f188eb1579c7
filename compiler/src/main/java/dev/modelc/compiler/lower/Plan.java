package dev.modelc.compiler.lower;

import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * What the generated class computes and where it keeps it: the materialized nodes of each phase in
 * order, each node's storage, and the workspace buffers. Nodes without storage are inlined as
 * expressions into the loops of the nodes that read them.
 *
 * @param outputPhase nodes needed by {@code predict}
 * @param lossPhase further nodes needed by the loss
 * @param backwardPhase further nodes needed by the gradients
 * @param stateUpdates new values of state tensors, by name, written after a training forward pass
 * @param memory which workspace array each batched buffer shares, by liveness (null while planning)
 * @param gradientCopies gradients whose root is stored elsewhere (or inline), copied into
 *     {@code grads} at the end of the backward pass, by parameter name
 * @param epilogues elementwise nodes computed by the product they read, with its epilogue, by the
 *     node; the product itself has no storage and no step
 */
public record Plan(
    ModelIr model,
    List<Node> outputPhase,
    List<Node> lossPhase,
    List<Node> backwardPhase,
    Map<Node, Storage> storage,
    List<Buffer> buffers,
    Map<String, Node> gradientCopies,
    Map<String, Node> stateUpdates,
    Map<Node, Epilogue> epilogues,
    MemoryPlan.Assignment memory) {

  /**
   * A product (batched, one example per row of C) fused with the elementwise node that reads it:
   * {@code relu(M + P)} ({@link Kind#BIAS_RELU}), {@code M + P} ({@link Kind#BIAS}), with P an
   * unbatched vector of M's shape, or {@code M * step(H)} ({@link Kind#MASK}), with H a stored
   * batched value of M's shape.
   *
   * @param operand P or H
   */
  public record Epilogue(Node product, Kind kind, Node operand) {
    /** What the product does to each element once its sum is complete. */
    public enum Kind { BIAS, BIAS_RELU, MASK }
  }

  /** A workspace array: its field name and its size per example (batched) or in all. */
  public record Buffer(String name, int size, boolean batched, Node node) {}

  public boolean isMaterialized(Node node) {
    return storage.containsKey(node);
  }

  public Storage storageOf(Node node) {
    return storage.get(node);
  }

  /** The product that computes this node with an epilogue, or null. */
  public Epilogue epilogueOf(Node node) {
    return epilogues.get(node);
  }
}
