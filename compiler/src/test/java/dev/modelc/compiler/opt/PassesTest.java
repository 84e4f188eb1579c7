package dev.modelc.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.autodiff.ReverseMode;
import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.check.Checker;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.ModelClassGenerator;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.Verifier;
import dev.modelc.compiler.lower.Planner;
import dev.modelc.compiler.syntax.Parse;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.compiler.testing.Resources;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Optimization keeps the IR's invariants and never changes what a model computes. */
class PassesTest {
  @ParameterizedTest
  @ValueSource(strings = {"examples/xor.nn", "models/worked.nn", "models/iris.nn"})
  void everyPassKeepsTheInvariants(String path) {
    Graph graph = differentiate(path).graph();
    Verifier.verify(graph);
    for (Pass pass : Passes.ALL) {
      graph = pass.run(graph);
      Verifier.verify(graph);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/xor.nn", "models/worked.nn", "models/iris.nn"})
  void optimizedCodeComputesWhatUnoptimizedCodeComputes(String path) {
    ModelIr raw = differentiate(path);
    ModelIr optimized = raw.withGraph(Passes.optimize(raw.graph()));
    assertTrue(optimized.graph().nodes().size() < raw.graph().nodes().size(), "optimization removes nodes");
    GeneratedModel a = GeneratedModel.load(new ModelClassGenerator(Planner.plan(raw), Precision.DOUBLE).generate(), Precision.DOUBLE, 3);
    GeneratedModel b = GeneratedModel.load(new ModelClassGenerator(Planner.plan(optimized), Precision.DOUBLE).generate(), Precision.DOUBLE, 3);
    Random random = new Random(1);
    int n = 5;
    double[] x = new double[n * a.constant("INPUT_SIZE")];
    double[] y = new double[n * a.constant("TARGET_SIZE")];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextInt(2);
    }
    assertEquals(a.computeGradients(x, y, n), b.computeGradients(x, y, n), 1e-12);
    double[] ga = a.gradients();
    double[] gb = b.gradients();
    for (int i = 0; i < ga.length; i++) {
      assertEquals(ga[i], gb[i], 1e-12 * Math.max(1, Math.abs(ga[i])), "gradient element " + i);
    }
  }

  private static ModelIr differentiate(String path) {
    Diagnostics diagnostics = new Diagnostics();
    CompilationUnit unit = Parse.parse(new SourceFile(path, Resources.text(path)), diagnostics);
    List<ModelIr> models = Checker.check(unit, diagnostics, null);
    assertTrue(!diagnostics.hasErrors(), () -> Renderer.render(diagnostics));
    return ReverseMode.run(models.get(0));
  }
}
