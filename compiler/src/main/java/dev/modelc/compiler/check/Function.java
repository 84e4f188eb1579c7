package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A built-in function of the language: its arguments (positional in this order, or by name, with
 * defaults) and how a call lowers to IR.
 */
record Function(String name, Kind kind, List<Parameter> parameters, Lowering lowering) {
  /** Layers make parameters and must be assigned; losses and plain functions need not. */
  enum Kind {
    FUNCTION,
    LOSS,
    LAYER
  }

  /** One argument; {@code defaultValue} is a Double, a Boolean or an initializer name, or null when required. */
  record Parameter(String name, Object defaultValue) {
    boolean required() {
      return defaultValue == null;
    }
  }

  /** Builds the IR of one call whose arguments are bound; returns null after reporting an error. */
  interface Lowering {
    Node lower(Args args);
  }

  List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (Parameter p : parameters) {
      names.add(p.name());
    }
    return names;
  }

  /**
   * Matches a call's arguments to the parameters, positional first, then by name; returns the
   * argument expressions by parameter name, or null after reporting a mismatch.
   */
  Map<String, Expr> bind(Expr.Call call, ModelChecker model) {
    Map<String, Expr> given = new java.util.LinkedHashMap<>();
    if (isVariadic()) {
      // Every argument is positional, bound under its position: "0", "1", …
      for (Expr.Arg arg : call.args()) {
        if (arg.isNamed()) {
          model.error(arg.name().span(), Messages.unknownArgument(name, arg.name().text(), List.of()));
          return null;
        }
        given.put(String.valueOf(given.size()), arg.value());
      }
      if (given.isEmpty()) {
        model.error(call.span(), Messages.missingArgument(name, "values"));
        return null;
      }
      return given;
    }
    int position = 0;
    boolean ok = true;
    for (Expr.Arg arg : call.args()) {
      String param;
      if (arg.isNamed()) {
        param = arg.name().text();
        if (!parameterNames().contains(param)) {
          model.error(arg.name().span(), Messages.unknownArgument(name, param, parameterNames()));
          ok = false;
          continue;
        }
      } else {
        if (position >= parameters.size()) {
          model.error(arg.span(), Messages.tooManyArguments(name, parameters.size()));
          return null;
        }
        param = parameters.get(position++).name();
      }
      if (given.put(param, arg.value()) != null) {
        model.error(arg.span(), Messages.repeatedArgument(name, param));
        ok = false;
      }
    }
    for (Parameter p : parameters) {
      if (p.required() && !given.containsKey(p.name())) {
        model.error(call.span(), Messages.missingArgument(name, p.name()));
        ok = false;
      }
    }
    return ok ? given : null;
  }

  /** True for a function of any number of positional arguments, declared with the one parameter {@link #REST}. */
  boolean isVariadic() {
    return parameters.size() == 1 && parameters.get(0).name().equals(REST);
  }

  /** The parameter name that declares a variadic function. */
  static final String REST = "...";

  /** A required argument. */
  static Parameter arg(String name) {
    return new Parameter(name, null);
  }

  /** An optional argument with its default. */
  static Parameter arg(String name, Object defaultValue) {
    return new Parameter(name, defaultValue);
  }

  /** The marker for an optional argument that has no value when absent (such as a reduction's axis). */
  static final Object ABSENT = new Object();
}
