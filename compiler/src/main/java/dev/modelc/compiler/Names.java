package dev.modelc.compiler;

import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.ast.Model;
import dev.modelc.compiler.ast.Stmt;
import dev.modelc.compiler.ir.ModelIr;

/** The source names of a model's input and target, for printing formulas in the user's terms. */
final class Names {
  private Names() {}

  static String input(CompilationUnit unit, ModelIr model) {
    for (Stmt s : find(unit, model).body()) {
      if (s instanceof Stmt.Input in) {
        return in.name().text();
      }
    }
    return "x";
  }

  static String target(CompilationUnit unit, ModelIr model) {
    for (Stmt s : find(unit, model).body()) {
      if (s instanceof Stmt.Target t) {
        return t.name().text();
      }
    }
    return "y";
  }

  private static Model find(CompilationUnit unit, ModelIr model) {
    for (Model m : unit.models()) {
      if (m.name().text().equals(model.name())) {
        return m;
      }
    }
    throw new IllegalArgumentException(model.name());
  }
}
