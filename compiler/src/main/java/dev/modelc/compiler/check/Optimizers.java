package dev.modelc.compiler.check;

import static dev.modelc.compiler.check.Function.arg;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.OptimizerSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The optimizers' signatures, with PyTorch's defaults, and their checked construction. */
final class Optimizers {
  private Optimizers() {}

  static Function signature(String name) {
    List<Function.Parameter> params = switch (name) {
      case "sgd" -> List.of(arg("lr"), arg("momentum", 0.0), arg("nesterov", Boolean.FALSE), arg("weight_decay", 0.0));
      case "adam" -> List.of(arg("lr", 1e-3), arg("beta1", 0.9), arg("beta2", 0.999), arg("eps", 1e-8),
          arg("weight_decay", 0.0));
      case "adamw" -> List.of(arg("lr", 1e-3), arg("beta1", 0.9), arg("beta2", 0.999), arg("eps", 1e-8),
          arg("weight_decay", 0.01));
      case "rmsprop" -> List.of(arg("lr", 1e-2), arg("alpha", 0.99), arg("eps", 1e-8), arg("momentum", 0.0),
          arg("weight_decay", 0.0));
      default -> throw new IllegalArgumentException(name);
    };
    return new Function(name, Function.Kind.FUNCTION, params, a -> null);
  }

  /** Every argument's value (booleans as 0 or 1), defaults filled in; null after an error. */
  static Map<String, Double> bind(Function f, Expr.Call call, ModelChecker model) {
    Map<String, Expr> given = f.bind(call, model);
    if (given == null) {
      return null;
    }
    Map<String, Double> values = new HashMap<>();
    boolean ok = true;
    for (Function.Parameter p : f.parameters()) {
      Expr e = given.get(p.name());
      Double value;
      if (e == null) {
        value = p.defaultValue() instanceof Boolean b ? (b ? 1.0 : 0.0) : (Double) p.defaultValue();
      } else if (e instanceof Expr.Bool b) {
        value = b.value() ? 1.0 : 0.0;
      } else {
        value = model.exprs().constant(e, "'" + p.name() + "' of '" + f.name() + "'");
      }
      ok &= value != null;
      values.put(p.name(), value);
    }
    return ok ? values : null;
  }

  static OptimizerSpec build(String name, Map<String, Double> v, Expr.Call call, ModelChecker model) {
    if (!(v.get("lr") > 0)) {
      model.error(call.span(), Messages.mustBePositive("the learning rate", String.valueOf(v.get("lr"))));
      return null;
    }
    if (!(v.get("weight_decay") >= 0) || !(v.get("eps") == null || v.get("eps") >= 0)) {
      model.error(call.span(), Messages.outOfRange("'weight_decay' and 'eps'", v.get("weight_decay") + ", " + v.get("eps"),
          "[0, ∞)"));
      return null;
    }
    if (v.containsKey("momentum") && !(v.get("momentum") >= 0 && v.get("momentum") < 1)) {
      model.error(call.span(), Messages.outOfRange("'momentum'", String.valueOf(v.get("momentum")), "[0, 1)"));
      return null;
    }
    if (name.equals("rmsprop")) {
      if (!(v.get("alpha") >= 0 && v.get("alpha") < 1)) {
        model.error(call.span(), Messages.outOfRange("'alpha'", String.valueOf(v.get("alpha")), "[0, 1)"));
        return null;
      }
      return new OptimizerSpec.Rmsprop(v.get("lr"), v.get("alpha"), v.get("eps"), v.get("momentum"), v.get("weight_decay"));
    }
    if (name.equals("sgd")) {
      return new OptimizerSpec.Sgd(v.get("lr"), v.get("momentum"), v.get("nesterov") != 0, v.get("weight_decay"));
    }
    for (String beta : List.of("beta1", "beta2")) {
      if (!(v.get(beta) >= 0 && v.get(beta) < 1)) {
        model.error(call.span(), Messages.outOfRange("'" + beta + "'", String.valueOf(v.get(beta)), "[0, 1)"));
        return null;
      }
    }
    return new OptimizerSpec.Adam(v.get("lr"), v.get("beta1"), v.get("beta2"), v.get("eps"), v.get("weight_decay"),
        name.equals("adamw"));
  }
}
