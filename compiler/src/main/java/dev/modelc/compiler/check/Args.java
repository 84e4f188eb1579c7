package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.diag.Span;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import java.util.Map;

/** The bound arguments of one call, checked on demand, as a {@link Function.Lowering} reads them. */
final class Args {
  private final Function function;
  private final Expr.Call call;
  private final Map<String, Expr> given;
  private final ExprChecker checker;

  Args(Function function, Expr.Call call, Map<String, Expr> given, ExprChecker checker) {
    this.function = function;
    this.call = call;
    this.given = given;
    this.checker = checker;
  }

  String function() {
    return function.name();
  }

  Graph.Builder builder() {
    return checker.builder();
  }

  ModelChecker model() {
    return checker.model();
  }

  /** Where the call is: its function name, where errors about the call as a whole point. */
  Span span() {
    return call.function().span();
  }

  Span span(String name) {
    Expr e = given.get(name);
    return e == null ? span() : e.span();
  }

  /** The arguments of a variadic call, in order. */
  java.util.List<Expr> all() {
    return java.util.List.copyOf(given.values());
  }

  /** A tensor argument given as an expression, for variadic calls. */
  Node tensor(Expr e) {
    return checker.check(e);
  }

  boolean has(String name) {
    return given.containsKey(name);
  }

  Expr raw(String name) {
    return given.get(name);
  }

  /** A tensor argument checked as an expression; null after an error. */
  Node tensor(String name) {
    return checker.check(given.get(name));
  }

  /** A constant number argument, or its default; null after an error. */
  Double number(String name) {
    Expr e = given.get(name);
    if (e == null) {
      Object d = defaultOf(name);
      return d instanceof Double v ? v : null;
    }
    return checker.constant(e, "'" + name + "' of '" + function.name() + "'");
  }

  /** A constant integer argument, or its default; null after an error. */
  Integer integer(String name) {
    Double v = number(name);
    if (v == null) {
      return null;
    }
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      error(span(name), Messages.expectedInteger("'" + name + "' of '" + function.name() + "'"));
      return null;
    }
    return v.intValue();
  }

  /** A true/false argument, or its default; null after an error. */
  Boolean bool(String name) {
    Expr e = given.get(name);
    if (e == null) {
      return (Boolean) defaultOf(name);
    }
    if (e instanceof Expr.Bool b) {
      return b.value();
    }
    error(e.span(), Messages.expectedBoolean("'" + name + "' of '" + function.name() + "'"));
    return null;
  }

  /** The class label an argument names, or null when it is not a bare name bound to one. */
  Scope.Label label(String name) {
    Expr e = given.get(name);
    if (e instanceof Expr.Name n && checker.scope().lookup(n.name()) instanceof Scope.Label l) {
      return l;
    }
    return null;
  }

  String text(String name) {
    Expr e = given.get(name);
    return e instanceof Expr.Name n ? n.name() : function.name();
  }

  private Object defaultOf(String name) {
    for (Function.Parameter p : function.parameters()) {
      if (p.name().equals(name)) {
        return p.defaultValue() == Function.ABSENT ? null : p.defaultValue();
      }
    }
    throw new IllegalArgumentException(function.name() + " has no argument " + name);
  }

  void error(Span span, String message) {
    checker.error(span, message);
  }
}
