package dev.modelc.compiler.ast;

import dev.modelc.compiler.diag.Span;
import java.util.List;

/** {@code model NAME { … }}: one model and its statements in source order. */
public record Model(Ident name, List<Stmt> body, Span span) {
  public Model {
    body = List.copyOf(body);
  }
}
