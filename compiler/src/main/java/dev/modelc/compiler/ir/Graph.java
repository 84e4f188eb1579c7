package dev.modelc.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable IR graph: nodes in topological order (by id) and the named roots that the
 * generated code computes: {@link #OUTPUT}, {@link #LOSS} and one gradient per parameter.
 */
public final class Graph {
  public static final String OUTPUT = "output";
  public static final String LOSS = "loss";
  public static final String METRIC = "metric";

  private final List<Node> nodes;
  private final Map<String, Node> roots;

  private Graph(List<Node> nodes, Map<String, Node> roots) {
    this.nodes = Collections.unmodifiableList(nodes);
    this.roots = Collections.unmodifiableMap(roots);
  }

  /** The root name under which the gradient of a parameter is kept. */
  public static String gradient(String param) {
    return "d " + param;
  }

  /** The root under which the new value of a state tensor, written after each training forward pass, is kept. */
  public static String stateUpdate(String state) {
    return "state " + state;
  }

  /** The root under which the value assigned to a name in the source is kept, for dumps and names. */
  public static String named(String name) {
    return "= " + name;
  }

  /** The source name of a root made by {@link #named}, or null for any other root. */
  public static String nameOf(String root) {
    return root.startsWith("= ") ? root.substring(2) : null;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** Named roots in the order they were set. */
  public Map<String, Node> roots() {
    return roots;
  }

  public Node root(String name) {
    return roots.get(name);
  }

  /** Builds graphs; interns nodes so that common subexpressions are one node by construction. */
  public static final class Builder {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<OpKey, Node> interned = new HashMap<>();
    private final Map<String, Node> roots = new LinkedHashMap<>();
    private int line;

    public Builder() {}

    /** A builder that extends an existing graph: its nodes stay, with their ids, and its roots. */
    public Builder(Graph graph) {
      for (Node node : graph.nodes()) {
        nodes.add(node);
        interned.put(OpKey.of(node.op()), node);
      }
      roots.putAll(graph.roots());
    }

    /** Sets the `.nn` line that nodes made from now on are attributed to. */
    public Builder at(int line) {
      this.line = line;
      return this;
    }

    public int line() {
      return line;
    }

    /** The node for an operation: the existing one when it was made before, else a new one. */
    public Node add(Op op) {
      OpKey key = OpKey.of(op);
      Node existing = interned.get(key);
      if (existing != null) {
        return existing;
      }
      ShapeRules.Typed typed = op.accept(ShapeRules.INSTANCE);
      Node node = new Node(nodes.size(), op, typed.shape(), typed.batched(), line);
      nodes.add(node);
      interned.put(key, node);
      return node;
    }

    public Builder root(String name, Node node) {
      roots.put(name, node);
      return this;
    }

    public Graph build() {
      return new Graph(new ArrayList<>(nodes), new LinkedHashMap<>(roots));
    }

    // Shorthands used by the checker and the derivative rules.

    public Node constant(double value) {
      return add(new Op.Const(value));
    }

    public Node unary(UnaryFn fn, Node x) {
      return add(new Op.Unary(fn, x));
    }

    public Node binary(BinaryFn fn, Node a, Node b) {
      return add(new Op.Binary(fn, a, b));
    }

    public Node add(Node a, Node b) {
      return binary(BinaryFn.ADD, a, b);
    }

    public Node sub(Node a, Node b) {
      return binary(BinaryFn.SUB, a, b);
    }

    public Node mul(Node a, Node b) {
      return binary(BinaryFn.MUL, a, b);
    }

    public Node div(Node a, Node b) {
      return binary(BinaryFn.DIV, a, b);
    }

    public Node neg(Node x) {
      return unary(UnaryFn.NEG, x);
    }

    public Node reshape(Node x, Shape shape) {
      return x.shape().equals(shape) ? x : add(new Op.Reshape(x, shape));
    }

    /** The sum over all axes of one example. */
    public Node sumAll(Node x) {
      if (x.shape().rank() == 0) {
        return x;
      }
      List<Integer> axes = new ArrayList<>();
      for (int i = 0; i < x.shape().rank(); i++) {
        axes.add(i);
      }
      return add(new Op.Sum(x, axes));
    }
  }
}
