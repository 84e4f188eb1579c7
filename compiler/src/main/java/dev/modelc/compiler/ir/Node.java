package dev.modelc.compiler.ir;

/**
 * One value of the IR graph: an operation over earlier nodes, with its static per-example shape
 * and whether it varies across the examples of a batch. Nodes are compared by identity: the
 * {@link Graph.Builder} interns them, so two equal operations are always the same node.
 */
public final class Node {
  private final int id;
  private final Op op;
  private final Shape shape;
  private final boolean batched;
  private final int line;

  Node(int id, Op op, Shape shape, boolean batched, int line) {
    this.id = id;
    this.op = op;
    this.shape = shape;
    this.batched = batched;
    this.line = line;
  }

  /** The position in its graph; inputs always have smaller ids than the nodes that use them. */
  public int id() {
    return id;
  }

  public Op op() {
    return op;
  }

  public Shape shape() {
    return shape;
  }

  /** True when the value differs per example, so it is stored once per example of the batch. */
  public boolean batched() {
    return batched;
  }

  /** The 1-based `.nn` line that first produced this node, 0 when it has none. */
  public int line() {
    return line;
  }

  /** The scalar value of a constant node, or null when this node is not a constant. */
  public Double constant() {
    return op instanceof Op.Const c ? c.value() : null;
  }

  public boolean isConstant(double value) {
    Double c = constant();
    return c != null && c == value;
  }

  @Override
  public String toString() {
    return "%" + id;
  }
}
