package dev.modelc.compiler.ast;

import dev.modelc.compiler.diag.SourceFile;
import java.util.List;

/** One parsed `.nn` file: its optional package line (null when absent) and its models. */
public record CompilationUnit(SourceFile source, Ident packageName, List<Model> models) {
  public CompilationUnit {
    models = List.copyOf(models);
  }
}
