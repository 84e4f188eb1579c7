package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.Shape;
import dev.modelc.compiler.ir.UnaryFn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in functions, losses and layers, each lowered to IR primitives. Adding a function is one
 * entry here (and, for a new primitive, one derivative rule and one emitter case).
 */
final class Functions {
  private Functions() {}

  static final Map<String, Function> ALL = new LinkedHashMap<>();

  /** Functions of the language that this version does not compile yet: reported as such, not as unknown. */
  static final Set<String> PLANNED = Set.of("leaky_relu", "elu", "gelu", "silu", "softplus", "sqrt", "abs", "pow",
      "max", "min", "clamp", "sin", "cos", "logsumexp", "norm", "transpose", "reshape", "flatten", "concat",
      "stop_gradient", "l1", "mae", "huber", "binary_cross_entropy", "hinge", "nll", "dropout", "batch_norm",
      "layer_norm", "conv2d", "max_pool2d", "avg_pool2d");

  static {
    for (UnaryFn fn : List.of(UnaryFn.RELU, UnaryFn.SIGMOID, UnaryFn.TANH, UnaryFn.EXP, UnaryFn.LOG)) {
      define(fn.label(), Function.Kind.FUNCTION, List.of(arg("x")), a -> unary(a, fn));
    }
    define("square", Function.Kind.FUNCTION, List.of(arg("x")), a -> {
      Node x = a.tensor("x");
      return x == null ? null : a.builder().mul(x, x);
    });
    define("sum", Function.Kind.FUNCTION, List.of(arg("x"), arg("axis", Function.ABSENT)), a -> reduce(a, false));
    define("mean", Function.Kind.FUNCTION, List.of(arg("x"), arg("axis", Function.ABSENT)), a -> reduce(a, true));
    define("softmax", Function.Kind.FUNCTION, List.of(arg("x")), a -> {
      Node logSoftmax = logSoftmax(a);
      return logSoftmax == null ? null : a.builder().unary(UnaryFn.EXP, logSoftmax);
    });
    define("log_softmax", Function.Kind.FUNCTION, List.of(arg("x")), Functions::logSoftmax);
    define("l2", Function.Kind.FUNCTION, List.of(arg("x")), a -> {
      Node x = a.tensor("x");
      return x == null ? null : a.builder().sumAll(a.builder().mul(x, x));
    });
    define("mse", Function.Kind.LOSS, List.of(arg("pred"), arg("target")), Losses::mse);
    define("cross_entropy", Function.Kind.LOSS, List.of(arg("logits"), arg("target")), Losses::crossEntropy);
    define("dense", Function.Kind.LAYER, List.of(arg("x"), arg("units"), arg("bias", Boolean.TRUE), arg("init", "he")),
        Layers::dense);
  }

  private static void define(String name, Function.Kind kind, List<Function.Parameter> params, Function.Lowering lowering) {
    ALL.put(name, new Function(name, kind, params, lowering));
  }

  private static Node unary(Args a, UnaryFn fn) {
    Node x = a.tensor("x");
    return x == null ? null : a.builder().unary(fn, x);
  }

  /** {@code sum(x)} over everything, {@code sum(x, axis)} over one axis (negative counts from the end). */
  private static Node reduce(Args a, boolean mean) {
    Node x = a.tensor("x");
    Integer axis = a.has("axis") ? a.integer("axis") : null;
    if (x == null || (a.has("axis") && axis == null)) {
      return null;
    }
    Graph.Builder b = a.builder();
    List<Integer> axes = new ArrayList<>();
    if (axis == null) {
      for (int i = 0; i < x.shape().rank(); i++) {
        axes.add(i);
      }
    } else {
      int rank = x.shape().rank();
      int normalized = axis < 0 ? axis + rank : axis;
      if (normalized < 0 || normalized >= rank) {
        a.error(a.span("axis"), Messages.axisOutOfRange(axis, x.shape().toString()));
        return null;
      }
      axes.add(normalized);
    }
    if (axes.isEmpty()) {
      return x;
    }
    int count = 1;
    for (int i : axes) {
      count *= x.shape().dim(i);
    }
    Node sum = b.add(new Op.Sum(x, axes));
    return mean ? b.mul(b.constant(1.0 / count), sum) : sum;
  }

  /** x - logsumexp(x) over the last axis: stable however large the entries are. */
  static Node logSoftmax(Args a) {
    Node x = a.tensor("x");
    if (x == null) {
      return null;
    }
    if (x.shape().rank() == 0) {
      a.error(a.span("x"), Messages.needsAxis(a.function()));
      return null;
    }
    return logSoftmax(a.builder(), x);
  }

  static Node logSoftmax(Graph.Builder b, Node x) {
    Node lse = b.add(new Op.LogSumExp(x));
    List<Integer> column = new ArrayList<>(x.shape().dropLast().dims());
    column.add(1);
    return b.sub(x, b.reshape(lse, new Shape(column)));
  }
}
