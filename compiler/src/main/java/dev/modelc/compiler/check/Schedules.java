package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.ScheduleSpec;
import java.util.List;
import java.util.Map;

/** The learning-rate schedules' signatures and their checked construction. */
final class Schedules {
  private Schedules() {}

  static final List<String> NAMES = List.of("constant", "step", "exponential", "cosine", "warmup");

  static ScheduleSpec resolve(Expr.Call call, ModelChecker model) {
    String name = call.function().text();
    List<Function.Parameter> params = switch (name) {
      case "constant" -> List.of();
      case "step" -> List.of(arg("every"), arg("gamma", 0.1));
      case "exponential" -> List.of(arg("gamma"));
      case "cosine" -> List.of(arg("min_lr", 0.0));
      case "warmup" -> List.of(arg("steps"));
      default -> null;
    };
    if (params == null) {
      model.error(call.span(), Messages.unknownSchedule(name, Suggestions.nearest(name, NAMES)));
      return null;
    }
    Map<String, Double> v = Optimizers.bind(new Function(name, Function.Kind.FUNCTION, params, a -> null), call, model);
    if (v == null) {
      return null;
    }
    return switch (name) {
      case "constant" -> new ScheduleSpec.Constant();
      case "step" -> count(v, "every", call, model) && gamma(v, call, model)
          ? new ScheduleSpec.Step(v.get("every").intValue(), v.get("gamma")) : null;
      case "exponential" -> gamma(v, call, model) ? new ScheduleSpec.Exponential(v.get("gamma")) : null;
      case "cosine" -> v.get("min_lr") >= 0 ? new ScheduleSpec.Cosine(v.get("min_lr")) : invalid(call, model, "'min_lr'",
          v.get("min_lr"), "[0, ∞)");
      default -> count(v, "steps", call, model) ? new ScheduleSpec.Warmup(v.get("steps").intValue()) : null;
    };
  }

  private static boolean count(Map<String, Double> v, String name, Expr.Call call, ModelChecker model) {
    double value = v.get(name);
    if (value != Math.rint(value) || value < 1 || value > Integer.MAX_VALUE) {
      model.error(call.span(), Messages.mustBePositive("'" + name + "', a whole number,", String.valueOf(value)));
      return false;
    }
    return true;
  }

  private static boolean gamma(Map<String, Double> v, Expr.Call call, ModelChecker model) {
    if (!(v.get("gamma") > 0)) {
      model.error(call.span(), Messages.mustBePositive("'gamma'", String.valueOf(v.get("gamma"))));
      return false;
    }
    return true;
  }

  private static ScheduleSpec invalid(Expr.Call call, ModelChecker model, String what, double value, String range) {
    model.error(call.span(), Messages.outOfRange(what, String.valueOf(value), range));
    return null;
  }
}
