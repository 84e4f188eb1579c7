package dev.modelc.maven;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.ir.ModelIr;
import java.util.ArrayList;
import java.util.List;

/**
 * The test sources that {@code generateTests} adds for one {@code .nn} file: a gradient test per
 * model and, when the models are float, their double-precision twins, which the tests check by
 * finite differences. The twins live in the subpackage {@code gradcheck} of the models' package.
 */
final class GradientTests {
  /** The subpackage of the double-precision twins. */
  static final String TWIN_PACKAGE = "gradcheck";

  /** The fewest examples in the tests' random batch; a model with batch norm may need more. */
  private static final int BATCH = 4;

  private GradientTests() {}

  /**
   * The tests of the models that compiling {@code source} produced.
   *
   * @param models the classes generated from {@code source}, all in one package
   * @param packageOverride the package the models were generated into instead of the file's, or null
   * @param sourceName the file's name, for the tests' Javadoc
   */
  static List<JavaFile> forFile(SourceFile source, List<JavaFile> models, Precision precision,
      String packageOverride, String sourceName) {
    if (models.isEmpty()) {
      return List.of();
    }
    String pkg = models.get(0).packageName();
    String twinPkg = pkg.isEmpty() ? TWIN_PACKAGE : pkg + "." + TWIN_PACKAGE;
    List<JavaFile> out = new ArrayList<>();
    // The file compiled cleanly already, so neither run below reports anything.
    List<ModelIr> checked = Compiler.check(source, packageOverride, new Diagnostics());
    for (JavaFile model : models) {
      ModelIr ir = find(checked, model.typeSpec().name());
      ClassName modelClass = ClassName.get(pkg, ir.name());
      ClassName reference = precision == Precision.DOUBLE ? modelClass : ClassName.get(twinPkg, ir.name());
      int batch = Math.max(BATCH, ir.minTrainingBatch());
      out.add(GradientTestGenerator.generate(modelClass, reference, ir.classes(), batch, sourceName));
    }
    if (precision == Precision.FLOAT) {
      Compiler.Options twins = new Compiler.Options(twinPkg, Precision.DOUBLE, null);
      out.addAll(Compiler.compile(source, twins, new Diagnostics()).files());
    }
    return out;
  }

  private static ModelIr find(List<ModelIr> models, String name) {
    for (ModelIr m : models) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalStateException("the checker did not return model " + name);
  }
}
