package dev.modelc.compiler.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR graph of a model in Graphviz's DOT language (for {@code --emit dot}): one node per IR
 * node, labelled with its operation and shape, an edge from each input to its user, the forward
 * computation and the gradient computation in two clusters, parameters as boxes, and the roots
 * (output, loss, gradients, named values) written under the nodes that compute them.
 *
 * <pre>
 * digraph Xor {
 *   subgraph cluster_forward {
 *     n2 [label="W1\n[8, 2]", shape=box, …];
 *     n6 [label="matmul\n[8] per example\nline 13"];
 *   }
 *   n2 -> n6;
 * </pre>
 */
public final class Dot {
  private Dot() {}

  /** The whole graph of {@code model}; {@code inputName} and {@code targetName} label its two leaves. */
  public static String graph(ModelIr model, String inputName, String targetName) {
    Graph graph = model.graph();
    Map<Node, List<String>> rootNames = rootNames(graph);
    BitSet forward = reachable(graph, false);
    // A node that no root reaches (the optimizer removes such nodes) is drawn with the forward ones.
    BitSet backward = reachable(graph, true);
    backward.andNot(forward);
    forward.set(0, graph.nodes().size());
    forward.andNot(backward);
    StringBuilder s = new StringBuilder();
    s.append("digraph ").append(quote(model.name())).append(" {\n");
    s.append("  rankdir=TB;\n");
    s.append("  node [shape=ellipse, fontname=\"Helvetica\", fontsize=10];\n");
    s.append("  edge [color=\"#555555\", arrowsize=0.6];\n");
    cluster(s, "forward", "forward: output and loss", "#4477aa", graph, forward, true, rootNames, inputName, targetName);
    cluster(s, "backward", "backward: gradients of the loss", "#cc3311", graph, forward, false, rootNames, inputName,
        targetName);
    for (Node node : graph.nodes()) {
      for (Node input : node.op().inputs()) {
        s.append("  n").append(input.id()).append(" -> n").append(node.id()).append(";\n");
      }
    }
    s.append("}\n");
    return s.toString();
  }

  private static void cluster(StringBuilder s, String id, String label, String colour, Graph graph, BitSet forward,
      boolean inForward, Map<Node, List<String>> rootNames, String inputName, String targetName) {
    s.append("  subgraph cluster_").append(id).append(" {\n");
    s.append("    label=").append(quote(label)).append("; color=").append(quote(colour))
        .append("; fontcolor=").append(quote(colour)).append(";\n");
    for (Node node : graph.nodes()) {
      if (forward.get(node.id()) != inForward) {
        continue;
      }
      StringBuilder text = new StringBuilder(operation(node.op(), inputName, targetName));
      text.append('\n').append(node.shape()).append(node.batched() ? " per example" : "");
      if (node.line() > 0) {
        text.append("\nline ").append(node.line());
      }
      for (String root : rootNames.getOrDefault(node, List.of())) {
        text.append('\n').append(root);
      }
      s.append("    n").append(node.id()).append(" [label=").append(quote(text.toString()));
      if (node.op() instanceof Op.Param || node.op() instanceof Op.State) {
        s.append(", shape=box, style=filled, fillcolor=\"#ddeeff\"");
      } else if (node.op() instanceof Op.Input || node.op() instanceof Op.Target) {
        s.append(", shape=invhouse");
      } else if (node.op() instanceof Op.Const || node.op() instanceof Op.BatchInverse) {
        s.append(", shape=plaintext");
      }
      if (rootNames.containsKey(node)) {
        s.append(", penwidth=2");
      }
      s.append(", color=").append(quote(colour)).append("];\n");
    }
    s.append("  }\n");
  }

  /**
   * The nodes reachable from the roots that are not gradients (output, loss, metric, state updates,
   * named values), or with {@code gradients} from the gradient roots.
   */
  private static BitSet reachable(Graph graph, boolean gradients) {
    BitSet seen = new BitSet();
    Deque<Node> work = new ArrayDeque<>();
    graph.roots().forEach((name, node) -> {
      if (isGradient(name) == gradients) {
        work.push(node);
      }
    });
    while (!work.isEmpty()) {
      Node node = work.pop();
      if (!seen.get(node.id())) {
        seen.set(node.id());
        node.op().inputs().forEach(work::push);
      }
    }
    return seen;
  }

  private static boolean isGradient(String root) {
    return root.startsWith(Graph.gradient(""));
  }

  /** For each root node, the names it is kept under, as a reader knows them ({@code d loss / d W1}, {@code h}). */
  private static Map<Node, List<String>> rootNames(Graph graph) {
    Map<Node, List<String>> names = new LinkedHashMap<>();
    graph.roots().forEach((root, node) -> {
      String name = Graph.nameOf(root);
      String shown = name != null ? "= " + name
          : isGradient(root) ? "d loss / d " + root.substring(Graph.gradient("").length())
          : root;
      names.computeIfAbsent(node, n -> new ArrayList<>()).add(shown);
    });
    return names;
  }

  /** The operation alone, without its inputs (the edges show them), named as {@link Printer} names it. */
  private static String operation(Op op, String inputName, String targetName) {
    if (op instanceof Op.Input) {
      return inputName;
    } else if (op instanceof Op.Target) {
      return targetName;
    } else if (op instanceof Op.Param p) {
      return p.name();
    } else if (op instanceof Op.State st) {
      return "state " + st.name();
    } else if (op instanceof Op.Const c) {
      return c.value() == Math.rint(c.value()) && Math.abs(c.value()) < 1e15
          ? String.valueOf((long) c.value()) : String.valueOf(c.value());
    } else if (op instanceof Op.BatchInverse) {
      return "1/n";
    } else if (op instanceof Op.Unary u) {
      return u.fn().label();
    } else if (op instanceof Op.Binary b) {
      return b.fn().name().toLowerCase();
    } else if (op instanceof Op.MatMul m) {
      return "matmul" + (m.transA() ? " Aᵀ" : "") + (m.transB() ? " Bᵀ" : "");
    } else if (op instanceof Op.Sum sum) {
      return "sum axes " + sum.axes();
    } else if (op instanceof Op.Broadcast) {
      return "broadcast";
    } else if (op instanceof Op.Reshape) {
      return "reshape";
    } else if (op instanceof Op.OneHot h) {
      return "one_hot " + h.classes();
    } else if (op instanceof Op.Slice sl) {
      return "slice " + sl.from() + ":" + sl.to();
    } else if (op instanceof Op.Pad pad) {
      return "pad " + pad.before() + " of " + pad.size();
    } else if (op instanceof Op.DropoutMask d) {
      return "dropout_mask " + d.p();
    }
    return op.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
  }

  /** A DOT string literal: quotes and backslashes escaped, line breaks as DOT's centred {@code \n}. */
  static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
