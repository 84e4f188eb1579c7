package dev.modelc.compiler.check;

import dev.modelc.compiler.diag.Span;
import dev.modelc.compiler.ir.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/** The names a model has defined so far, in order, and what each stands for. */
final class Scope {
  /** What a name stands for. */
  sealed interface Symbol {
    Span span();
  }

  /** {@code const N = 128;} */
  record Constant(double value, Span span) implements Symbol {}

  /** A tensor: the input, a real-valued target, a parameter or an assigned value. */
  record Value(Node node, Span span) implements Symbol {}

  /** A class-label target: usable only as the target of a loss or metric. */
  record Label(Node node, int classes, Span span) implements Symbol {}

  /** A name whose definition had an error: uses of it are not reported again. */
  record Poisoned(Span span) implements Symbol {}

  private final Map<String, Symbol> symbols = new LinkedHashMap<>();
  private final Map<String, Span> declared;

  /** @param declared every name the model declares anywhere, to tell "undefined" from "used too early" */
  Scope(Map<String, Span> declared) {
    this.declared = declared;
  }

  Symbol lookup(String name) {
    return symbols.get(name);
  }

  /** Defines a name; false (and no change) when it is already defined. */
  boolean define(String name, Symbol symbol) {
    return symbols.putIfAbsent(name, symbol) == null;
  }

  /** Where a name that is not yet defined will be, or null when the model never defines it. */
  Span definedLater(String name) {
    return declared.get(name);
  }

  String suggest(String name) {
    return Suggestions.nearest(name, symbols.keySet());
  }
}
