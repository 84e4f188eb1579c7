package dev.modelc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.check.Checker;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.ir.BinaryFn;
import dev.modelc.compiler.ir.ModelIr;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.ir.Op;
import dev.modelc.compiler.ir.UnaryFn;
import dev.modelc.compiler.syntax.Parse;
import dev.modelc.compiler.testing.GeneratedModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every derivative rule against central finite differences in double precision, through the
 * generated code; and the float code against the double code.
 */
class GradientCheckTest {
  /** Every kind of op the IR has: a new op or function makes this list longer, and the test fail until it has a case. */
  static List<String> opKinds() {
    List<String> kinds = new ArrayList<>();
    for (Class<?> type : Op.class.getPermittedSubclasses()) {
      String name = type.getSimpleName();
      if (type == Op.Unary.class) {
        for (UnaryFn fn : UnaryFn.values()) {
          kinds.add("Unary." + fn);
        }
      } else if (type == Op.Binary.class) {
        for (BinaryFn fn : BinaryFn.values()) {
          kinds.add("Binary." + fn);
        }
      } else {
        kinds.add(name);
      }
    }
    return kinds;
  }

  static Stream<Arguments> ops() {
    return opKinds().stream().map(kind -> Arguments.of(kind, OpCases.BY_OP.get(kind)));
  }

  static Stream<Arguments> functions() {
    List<String> names = new ArrayList<>(dev.modelc.compiler.check.FunctionNames.all());
    return names.stream().map(name -> Arguments.of(name, OpCases.BY_FUNCTION.get(name)));
  }

  static Stream<Arguments> allCases() {
    return Stream.concat(OpCases.BY_OP.entrySet().stream(), OpCases.BY_FUNCTION.entrySet().stream())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /**
   * Cases whose gradient finite differences can check: all but those that stop the gradient on
   * purpose, and dropout, whose mask is drawn afresh for every pass (DropoutTest checks it).
   */
  static Stream<Arguments> differentiableCases() {
    return allCases().filter(a -> !a.get()[1].toString().contains("stop_gradient")
        && !a.get()[1].toString().contains("dropout("));
  }

  /** d(u * stop(u)) = stop(u) du, half of d(u * u) = 2 u du: the stopped factor is held constant. */
  @org.junit.jupiter.api.Test
  void stopGradientHalvesTheGradientOfASquare() {
    GeneratedModel stopped = GeneratedModel.compile("case.nn", OpCases.vectorModel("out = u * stop_gradient(u);"),
        Precision.DOUBLE, 4);
    GeneratedModel square = GeneratedModel.compile("case.nn", OpCases.vectorModel("out = u * u;"), Precision.DOUBLE, 4);
    Batch batch = Batch.random(stopped, 3, 2);
    assertEquals(square.loss(batch.x(), batch.y(), 3), stopped.computeGradients(batch.x(), batch.y(), 3), 1e-12);
    square.computeGradients(batch.x(), batch.y(), 3);
    double[] half = stopped.gradients();
    double[] full = square.gradients();
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i] / 2, half[i], 1e-9, "gradient element " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void everyOpHasACaseThatUsesIt(String kind, String model) {
    assertNotNull(model, "no gradient-check case for op " + kind);
    ModelIr ir = ReverseMode.run(check(model));
    Set<String> present = new HashSet<>();
    for (Node node : ir.graph().nodes()) {
      present.add(kindOf(node.op()));
    }
    assertTrue(present.contains(kind), "the case for " + kind + " does not produce it: " + present);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void everyFunctionHasACase(String function, String model) {
    assertNotNull(model, "no gradient-check case for function " + function);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentiableCases")
  void gradientsMatchFiniteDifferences(String kind, String model) {
    GeneratedModel m = GeneratedModel.compile("case.nn", model, Precision.DOUBLE, 11);
    Batch batch = Batch.random(m, 3, 5);
    m.computeGradients(batch.x(), batch.y(), batch.n());
    double[] analytic = m.gradients();
    double[] params = m.parameters();
    double h = 1e-6;
    // The loss of training mode (batch statistics in batch norm), which is what was differentiated.
    for (int i = 0; i < params.length; i++) {
      m.setParameter(i, params[i] + h);
      double plus = m.computeGradients(batch.x(), batch.y(), batch.n());
      m.setParameter(i, params[i] - h);
      double minus = m.computeGradients(batch.x(), batch.y(), batch.n());
      m.setParameter(i, params[i]);
      double numeric = (plus - minus) / (2 * h);
      double tolerance = 1e-6 * Math.max(1, Math.abs(numeric));
      assertEquals(numeric, analytic[i], tolerance, kind + ": gradient of parameter element " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void floatCodeAgreesWithDoubleCode(String kind, String model) {
    GeneratedModel d = GeneratedModel.compile("case.nn", model, Precision.DOUBLE, 5);
    GeneratedModel f = GeneratedModel.compile("case.nn", model, Precision.FLOAT, 5);
    f.setParameters(d.parameters());
    Batch batch = Batch.random(d, 4, 9);
    double lossD = d.computeGradients(batch.x(), batch.y(), batch.n());
    double lossF = f.computeGradients(batch.x(), batch.y(), batch.n());
    assertEquals(lossD, lossF, 1e-5 * Math.max(1, Math.abs(lossD)), kind + ": loss");
    double[] gd = d.gradients();
    double[] gf = f.gradients();
    double scale = 0;
    for (double g : gd) {
      scale = Math.max(scale, Math.abs(g));
    }
    for (int i = 0; i < gd.length; i++) {
      assertEquals(gd[i], gf[i], 1e-4 * Math.max(1, scale), kind + ": gradient element " + i);
    }
  }

  static ModelIr check(String model) {
    Diagnostics diagnostics = new Diagnostics();
    CompilationUnit unit = Parse.parse(new SourceFile("case.nn", model), diagnostics);
    List<ModelIr> models = Checker.check(unit, diagnostics, null);
    assertTrue(!diagnostics.hasErrors(), () -> dev.modelc.compiler.diag.Renderer.render(diagnostics));
    return models.get(0);
  }

  static String kindOf(Op op) {
    if (op instanceof Op.Unary u) {
      return "Unary." + u.fn();
    }
    if (op instanceof Op.Binary b) {
      return "Binary." + b.fn();
    }
    return op.getClass().getSimpleName();
  }

  /** A batch of random inputs and targets; class targets are random class indices. */
  record Batch(double[] x, double[] y, int n) {
    static Batch random(GeneratedModel m, int n, long seed) {
      Random random = new Random(seed);
      int in = m.constant("INPUT_SIZE");
      int out = m.constant("TARGET_SIZE");
      double[] x = new double[n * in];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextGaussian();
      }
      double[] y = new double[n * out];
      Map<String, Integer> classes = Map.of();
      int k = classCount(m);
      for (int i = 0; i < y.length; i++) {
        y[i] = k > 0 ? random.nextInt(k) : random.nextGaussian();
      }
      return new Batch(x, y, n);
    }

    private static int classCount(GeneratedModel m) {
      String doc = m.source();
      int at = doc.indexOf("a class index in [0, ");
      if (at < 0) {
        return 0;
      }
      int start = at + "a class index in [0, ".length();
      return Integer.parseInt(doc.substring(start, doc.indexOf(')', start)));
    }
  }
}
