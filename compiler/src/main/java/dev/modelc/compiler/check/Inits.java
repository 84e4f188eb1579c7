package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.InitSpec;
import dev.modelc.compiler.ir.Shape;
import java.util.List;

/**
 * Initializers, resolved to a distribution with concrete bounds. For a shape [out, in, k…],
 * fan_in = in·∏k and fan_out = out·∏k; for a vector both are its length (LANGUAGE.md §3).
 */
final class Inits {
  private Inits() {}

  static final List<String> NAMES = List.of("zeros", "ones", "xavier", "xavier_normal", "he", "he_uniform", "lecun");
  static final List<String> CALLS = List.of("constant", "uniform", "normal");

  static InitSpec resolve(Expr init, Shape shape, ModelChecker model) {
    if (init instanceof Expr.Name n) {
      if (!NAMES.contains(n.name())) {
        model.error(n.span(), Messages.unknownInitializer(n.name(), suggest(n.name())));
        return null;
      }
      return named(n.name(), shape);
    }
    if (init instanceof Expr.Call c) {
      String name = c.function().text();
      if (!CALLS.contains(name)) {
        model.error(c.span(), Messages.unknownInitializer(name, suggest(name)));
        return null;
      }
      int expected = name.equals("constant") ? 1 : 2;
      if (c.args().size() != expected) {
        model.error(c.span(), Messages.tooManyArguments(name, expected));
        return null;
      }
      double[] v = new double[expected];
      for (int i = 0; i < expected; i++) {
        Double d = model.exprs().constant(c.args().get(i).value(), "an argument of '" + name + "'");
        if (d == null) {
          return null;
        }
        v[i] = d;
      }
      String text = name + "(" + v[0] + (expected == 2 ? ", " + v[1] : "") + ")";
      return switch (name) {
        case "constant" -> new InitSpec(InitSpec.Kind.CONSTANT, v[0], 0, text);
        case "uniform" -> new InitSpec(InitSpec.Kind.UNIFORM, v[0], v[1], text);
        default -> {
          if (v[1] < 0) {
            model.error(c.args().get(1).span(), Messages.outOfRange("the standard deviation", String.valueOf(v[1]), "[0, ∞)"));
            yield null;
          }
          yield new InitSpec(InitSpec.Kind.NORMAL, v[0], v[1], text);
        }
      };
    }
    model.error(init.span(), Messages.unknownInitializer(String.valueOf(init), null));
    return null;
  }

  static InitSpec named(String name, Shape shape) {
    double fanIn = fanIn(shape);
    double fanOut = fanOut(shape);
    return switch (name) {
      case "zeros" -> InitSpec.zeros();
      case "ones" -> new InitSpec(InitSpec.Kind.CONSTANT, 1, 0, name);
      case "xavier" -> symmetric(Math.sqrt(6 / (fanIn + fanOut)), name);
      case "xavier_normal" -> new InitSpec(InitSpec.Kind.NORMAL, 0, Math.sqrt(2 / (fanIn + fanOut)), name);
      case "he" -> new InitSpec(InitSpec.Kind.NORMAL, 0, Math.sqrt(2 / fanIn), name);
      case "he_uniform" -> symmetric(Math.sqrt(6 / fanIn), name);
      case "lecun" -> new InitSpec(InitSpec.Kind.NORMAL, 0, Math.sqrt(1 / fanIn), name);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static InitSpec symmetric(double bound, String name) {
    return new InitSpec(InitSpec.Kind.UNIFORM, -bound, bound, name);
  }

  static double fanIn(Shape shape) {
    if (shape.rank() < 2) {
      return shape.size();
    }
    return (double) shape.size() / shape.dim(0);
  }

  static double fanOut(Shape shape) {
    if (shape.rank() < 2) {
      return shape.size();
    }
    return (double) shape.size() / shape.dim(1);
  }

  /** PyTorch's and Keras's names for the same initializers, so that their users are pointed to ours. */
  private static final java.util.Map<String, String> ALIASES = java.util.Map.of(
      "xavier_uniform", "xavier", "glorot", "xavier", "glorot_uniform", "xavier", "glorot_normal", "xavier_normal",
      "kaiming", "he", "kaiming_normal", "he", "kaiming_uniform", "he_uniform", "he_normal", "he",
      "lecun_normal", "lecun", "zero", "zeros");

  private static String suggest(String name) {
    String alias = ALIASES.get(name.replaceAll("_$", ""));
    if (alias != null) {
      return alias;
    }
    List<String> all = new java.util.ArrayList<>(NAMES);
    all.addAll(CALLS);
    return Suggestions.nearest(name, all);
  }
}
