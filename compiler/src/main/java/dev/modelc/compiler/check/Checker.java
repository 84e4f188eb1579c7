package dev.modelc.compiler.check;

import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.ast.Model;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.ir.ModelIr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The semantic stage: checks every model of a file and builds its forward IR. */
public final class Checker {
  private Checker() {}

  /**
   * Checks all models, reporting every problem. Returns the checked models; a model with errors is
   * left out, so the list is complete only when {@code diagnostics} has no errors.
   *
   * @param packageOverride the package to generate into instead of the file's own, or null
   */
  public static List<ModelIr> check(CompilationUnit unit, Diagnostics diagnostics, String packageOverride) {
    String pkg = packageOverride != null ? packageOverride
        : unit.packageName() != null ? unit.packageName().text() : "";
    List<ModelIr> models = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Model model : unit.models()) {
      Integer first = seen.putIfAbsent(model.name().text(), model.name().span().line());
      if (first != null) {
        diagnostics.error(unit.source(), model.name().span(), Messages.duplicateModel(model.name().text(), first));
        continue;
      }
      ModelIr ir = new ModelChecker(unit.source(), diagnostics, model).check(pkg);
      if (ir != null) {
        models.add(ir);
      }
    }
    return models;
  }
}
