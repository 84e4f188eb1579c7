package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.BinaryFn;
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
 * entry here (and, for a new primitive, one derivative rule and one emitter case). Composite
 * functions are written in terms of primitives, so their derivatives need no rule of their own.
 */
final class Functions {
  private Functions() {}

  static final Map<String, Function> ALL = new LinkedHashMap<>();

  /** Functions of the language that this version does not compile yet: reported as such, not as unknown. */
  static final Set<String> PLANNED = Set.of("conv2d", "max_pool2d", "avg_pool2d");

  private static final Function.Kind F = Function.Kind.FUNCTION;

  static {
    for (UnaryFn fn : List.of(UnaryFn.RELU, UnaryFn.SIGMOID, UnaryFn.TANH, UnaryFn.EXP, UnaryFn.LOG, UnaryFn.SQRT,
        UnaryFn.ABS, UnaryFn.SIN, UnaryFn.COS, UnaryFn.SOFTPLUS)) {
      define(fn.label(), F, List.of(arg("x")), a -> unary(a, fn));
    }
    define("square", F, List.of(arg("x")), a -> map(a, (b, x) -> b.mul(x, x)));
    // leaky_relu(x) = relu(x) - alpha relu(-x)
    define("leaky_relu", F, List.of(arg("x"), arg("alpha", 0.01)), a -> {
      Double alpha = a.number("alpha");
      return alpha == null ? null : map(a, (b, x) -> b.sub(relu(b, x), b.mul(b.constant(alpha), relu(b, b.neg(x)))));
    });
    // elu(x) = relu(x) + alpha (exp(min(x, 0)) - 1), with min(x, 0) = -relu(-x)
    define("elu", F, List.of(arg("x"), arg("alpha", 1.0)), a -> {
      Double alpha = a.number("alpha");
      return alpha == null ? null : map(a, (b, x) -> b.add(relu(b, x), b.mul(b.constant(alpha),
          b.sub(b.unary(UnaryFn.EXP, b.neg(relu(b, b.neg(x)))), b.constant(1)))));
    });
    // gelu, tanh approximation: x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), as F.gelu(approximate='tanh')
    define("gelu", F, List.of(arg("x")), a -> map(a, (b, x) -> {
      Node cube = b.mul(x, b.mul(x, x));
      Node inner = b.mul(b.constant(Math.sqrt(2 / Math.PI)), b.add(x, b.mul(b.constant(0.044715), cube)));
      return b.mul(b.mul(b.constant(0.5), x), b.add(b.constant(1), b.unary(UnaryFn.TANH, inner)));
    }));
    define("silu", F, List.of(arg("x")), a -> map(a, (b, x) -> b.mul(x, b.unary(UnaryFn.SIGMOID, x))));
    define("pow", F, List.of(arg("x"), arg("c")), a -> {
      Double c = a.number("c");
      return c == null ? null : map(a, (b, x) -> b.binary(BinaryFn.POW, x, b.constant(c)));
    });
    define("max", F, List.of(arg("x"), arg("other", Function.ABSENT)), a -> extreme(a, true));
    define("min", F, List.of(arg("x"), arg("other", Function.ABSENT)), a -> extreme(a, false));
    define("clamp", F, List.of(arg("x"), arg("lo"), arg("hi")), a -> {
      Double lo = a.number("lo");
      Double hi = a.number("hi");
      if (lo == null || hi == null) {
        return null;
      }
      if (lo > hi) {
        a.error(a.span("hi"), Messages.outOfRange("'hi' of 'clamp'", String.valueOf(hi), "[" + lo + ", ∞)"));
        return null;
      }
      return map(a, (b, x) -> b.binary(BinaryFn.MIN, b.binary(BinaryFn.MAX, x, b.constant(lo)), b.constant(hi)));
    });
    define("sum", F, List.of(arg("x"), arg("axis", Function.ABSENT)), a -> reduce(a, false));
    define("mean", F, List.of(arg("x"), arg("axis", Function.ABSENT)), a -> reduce(a, true));
    define("logsumexp", F, List.of(arg("x")), a -> map(a, (b, x) -> x.shape().rank() == 0 ? x
        : b.add(new Op.LogSumExp(b.reshape(x, Shape.of(x.shape().size()))))));
    define("norm", F, List.of(arg("x")), a -> map(a, (b, x) -> b.unary(UnaryFn.SQRT, b.sumAll(b.mul(x, x)))));
    define("softmax", F, List.of(arg("x")), a -> {
      Node logSoftmax = logSoftmax(a);
      return logSoftmax == null ? null : a.builder().unary(UnaryFn.EXP, logSoftmax);
    });
    define("log_softmax", F, List.of(arg("x")), Functions::logSoftmax);
    define("transpose", F, List.of(arg("x")), Structure::transpose);
    define("reshape", F, List.of(arg("x"), arg("shape")), Structure::reshape);
    define("flatten", F, List.of(arg("x")), a -> map(a, (b, x) -> b.reshape(x, Shape.of(x.shape().size()))));
    define("concat", F, List.of(arg(Function.REST)), Structure::concat);
    define("stop_gradient", F, List.of(arg("x")), a -> map(a, (b, x) -> b.add(new Op.StopGradient(x))));
    define("l2", F, List.of(arg("x")), a -> map(a, (b, x) -> b.sumAll(b.mul(x, x))));
    define("l1", F, List.of(arg("x")), a -> map(a, (b, x) -> b.sumAll(b.unary(UnaryFn.ABS, x))));
    Losses.define();
    Layers.define();
  }

  static void define(String name, Function.Kind kind, List<Function.Parameter> params, Function.Lowering lowering) {
    ALL.put(name, new Function(name, kind, params, lowering));
  }

  /** A function of the tensor argument {@code x} alone. */
  interface OfX {
    Node apply(Graph.Builder b, Node x);
  }

  static Node map(Args a, OfX f) {
    Node x = a.tensor("x");
    return x == null ? null : f.apply(a.builder(), x);
  }

  private static Node unary(Args a, UnaryFn fn) {
    return map(a, (b, x) -> b.unary(fn, x));
  }

  static Node relu(Graph.Builder b, Node x) {
    return b.unary(UnaryFn.RELU, x);
  }

  /** {@code max(x)} over all elements, or {@code max(a, b)} elementwise with broadcasting (likewise min). */
  private static Node extreme(Args a, boolean max) {
    Node x = a.tensor("x");
    if (!a.has("other")) {
      if (x == null) {
        return null;
      }
      Graph.Builder b = a.builder();
      // min(x) = -max(-x)
      return max ? b.add(new Op.ReduceMax(x)) : b.neg(b.add(new Op.ReduceMax(b.neg(x))));
    }
    Node other = a.tensor("other");
    if (x == null || other == null || ExprChecker.broadcast(a, a.span(), "compare", x, other) == null) {
      return null;
    }
    return a.builder().binary(max ? BinaryFn.MAX : BinaryFn.MIN, x, other);
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
