package dev.modelc.compiler.lower;

import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.ParamDecl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which nodes get storage and which are fused as expressions into their one reader.
 * Products, reductions and values read more than once are materialized; every other elementwise
 * node is computed inside the loop of the node that uses it, so a chain such as
 * {@code tanh(W @ x + b)} costs one product and one pass; {@code relu(W @ x + b)}, and the relu's
 * gradient, cost one product with an epilogue ({@link Epilogues}).
 */
public final class Planner {
  private Planner() {}

  public static Plan plan(ModelIr model) {
    Graph graph = model.graph();
    Node output = graph.root(Graph.OUTPUT);
    Node loss = graph.root(Graph.LOSS);
    Map<String, Node> gradients = new LinkedHashMap<>();
    for (ParamDecl p : model.params()) {
      gradients.put(p.name(), graph.root(Graph.gradient(p.name())));
    }

    Map<String, Node> stateUpdates = new LinkedHashMap<>();
    for (ParamDecl s : model.states()) {
      Node update = graph.root(Graph.stateUpdate(s.name()));
      if (update != null) {
        stateUpdates.put(s.name(), update);
      }
    }
    Set<Node> roots = new HashSet<>(gradients.values());
    roots.add(output);
    roots.add(loss);
    // State updates are written straight into the state array, so they need no buffer of their own.
    Set<Node> stored = new HashSet<>(roots);
    roots.addAll(stateUpdates.values());
    Set<Node> outputCone = ancestors(graph, List.of(output));
    List<Node> forwardRoots = new ArrayList<>(stateUpdates.values());
    forwardRoots.add(loss);
    Node metric = graph.root(Graph.METRIC);
    if (metric != null) {
      forwardRoots.add(metric);
      roots.add(metric);
    }
    // The loss phase also computes what the state updates read, as the forward pass of training.
    Set<Node> lossCone = ancestors(graph, forwardRoots);
    Set<Node> all = ancestors(graph, new ArrayList<>(roots));

    Map<Node, Integer> uses = new HashMap<>();
    Set<Node> forced = new HashSet<>();
    for (Node node : graph.nodes()) {
      if (!all.contains(node)) {
        continue;
      }
      for (Node input : node.op().inputs()) {
        uses.merge(input, 1, Integer::sum);
      }
      Op op = node.op();
      // Kernels read their operands from arrays; a view needs an array to alias.
      if (op instanceof Op.MatMul || op instanceof Op.LogSumExp || isView(node)) {
        forced.addAll(op.inputs());
      }
    }

    Map<String, String> names = sourceNames(graph);
    Map<Node, Storage> storage = new HashMap<>();
    List<Plan.Buffer> buffers = new ArrayList<>();
    Map<String, Node> copies = new LinkedHashMap<>();
    Set<Node> computed = new HashSet<>();
    Set<String> taken = new HashSet<>(RESERVED);
    for (Node node : graph.nodes()) {
      if (!all.contains(node)) {
        continue;
      }
      Op op = node.op();
      int size = node.shape().size();
      if (op instanceof Op.Input) {
        storage.put(node, new Storage("x", 0, size, true));
      } else if (op instanceof Op.Target) {
        storage.put(node, new Storage("y", 0, size, true));
      } else if (op instanceof Op.Param p) {
        storage.put(node, new Storage("params", model.params().get(p.index()).offset(), size, false));
      } else if (op instanceof Op.State st) {
        storage.put(node, new Storage("state", model.states().get(st.index()).offset(), size, false));
      } else if (isView(node)) {
        Storage of = storage.get(((Op.Reshape) op).x());
        storage.put(node, new Storage(of.array(), of.base(), size, of.batched()));
      } else if (needsStorage(node, stored.contains(node) || forced.contains(node) || uses.getOrDefault(node, 0) > 1)) {
        computed.add(node);
        String gradientOf = firstParamWithGradient(gradients, node);
        if (gradientOf != null && !outputCone.contains(node) && !lossCone.contains(node) && !storage.containsValue(gradStorage(model, gradientOf))) {
          storage.put(node, gradStorage(model, gradientOf));
        } else {
          String name = unique(names.getOrDefault(String.valueOf(node.id()), "t" + node.id()), taken);
          storage.put(node, new Storage(name, 0, size, node.batched()));
          buffers.add(new Plan.Buffer(name, size, node.batched(), node));
        }
      }
    }
    // A product that the one node reading it computes in its epilogue needs no storage or step.
    Map<Node, Plan.Epilogue> epilogues = Epilogues.find(graph.nodes(), all, uses, roots, storage);
    for (Plan.Epilogue fused : epilogues.values()) {
      storage.remove(fused.product());
      computed.remove(fused.product());
      buffers.removeIf(b -> b.node() == fused.product());
    }
    gradients.forEach((param, node) -> {
      if (!storage.getOrDefault(node, new Storage("", -1, 0, false)).equals(gradStorage(model, param))) {
        copies.put(param, node);
      }
    });

    List<Node> outputPhase = new ArrayList<>();
    List<Node> lossPhase = new ArrayList<>();
    List<Node> backwardPhase = new ArrayList<>();
    for (Node node : graph.nodes()) {
      if (computed.contains(node)) {
        (outputCone.contains(node) ? outputPhase : lossCone.contains(node) ? lossPhase : backwardPhase).add(node);
      }
    }
    Plan unassigned = new Plan(model, outputPhase, lossPhase, backwardPhase, storage, buffers, copies, stateUpdates,
        epilogues, null);
    return new Plan(model, outputPhase, lossPhase, backwardPhase, storage, buffers, copies, stateUpdates,
        epilogues, MemoryPlan.assign(unassigned, taken));
  }

  /**
   * Names the generated class uses for its own members and locals; a source name that collides
   * with one gets a numeric suffix.
   */
  public static final Set<String> RESERVED = Set.of(
      "x", "y", "n", "b", "i", "j", "k", "e", "acc", "max", "sum", "invN", "predictions", "params", "state",
      "training", "dropoutRng", "epoch",
      "grads", "capacity", "step", "seed", "rng", "file", "data", "order", "from", "count",
      "train", "validation", "listeners", "batchX", "batchY", "m", "v", "velocity", "lr", "p", "g");

  /** A reshape of a stored value aliases its array; one of a single element is just that element. */
  static boolean isView(Node node) {
    return node.op() instanceof Op.Reshape r && r.x().shape().size() > 1;
  }

  private static boolean needsStorage(Node node, boolean wanted) {
    Op op = node.op();
    if (op instanceof Op.Const || op instanceof Op.BatchInverse) {
      return false;
    }
    if (op instanceof Op.MatMul || op instanceof Op.Sum || op instanceof Op.BatchSum || op instanceof Op.LogSumExp
        || op instanceof Op.ReduceMax || op instanceof Op.DropoutMask) {
      return true;
    }
    return wanted;
  }

  private static Storage gradStorage(ModelIr model, String param) {
    for (ParamDecl p : model.params()) {
      if (p.name().equals(param)) {
        return new Storage("grads", p.offset(), p.shape().size(), false);
      }
    }
    throw new IllegalArgumentException(param);
  }

  private static String firstParamWithGradient(Map<String, Node> gradients, Node node) {
    for (Map.Entry<String, Node> e : gradients.entrySet()) {
      if (e.getValue() == node) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Node id to a Java-safe field name taken from the source name the node was assigned to. */
  private static Map<String, String> sourceNames(Graph graph) {
    Map<String, String> names = new HashMap<>();
    graph.roots().forEach((root, node) -> {
      String name = Graph.nameOf(root);
      if (name != null) {
        names.putIfAbsent(String.valueOf(node.id()), name.replace('.', '_'));
      }
    });
    return names;
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int k = 2; !taken.add(candidate); k++) {
      candidate = name + "_" + k;
    }
    return candidate;
  }

  static Set<Node> ancestors(Graph graph, List<Node> roots) {
    boolean[] mark = new boolean[graph.nodes().size()];
    for (Node root : roots) {
      mark[root.id()] = true;
    }
    Set<Node> result = new HashSet<>();
    for (int i = mark.length - 1; i >= 0; i--) {
      if (mark[i]) {
        Node node = graph.nodes().get(i);
        result.add(node);
        for (Node input : node.op().inputs()) {
          mark[input.id()] = true;
        }
      }
    }
    return result;
  }
}
