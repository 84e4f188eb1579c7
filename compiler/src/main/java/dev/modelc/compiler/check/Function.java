package dev.modelc.compiler.check;

import dev.modelc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;

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
