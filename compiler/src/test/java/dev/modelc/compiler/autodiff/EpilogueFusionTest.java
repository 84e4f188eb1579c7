package dev.modelc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dense layers whose bias and relu, and the relu's gradient, run in the epilogue of their
 * product ({@code sgemmBias}, {@code sgemmMask}): the generated code has one call per layer and
 * no buffer for the product, its gradients match finite differences, and a product read by
 * another node as well is left as it was.
 */
class EpilogueFusionTest {

  /** Two relu layers and an output layer: three products with a bias, two masked gradients. */
  static final String MLP = """
      model Mlp {
        input x[6];
        target label : class(3);
        h1 = relu(dense(x, 5));
        h2 = relu(dense(h1, 4));
        out = dense(h2, 3);
        output out;
        loss cross_entropy(out, label);
      }
      """;

  /** The product W @ x is read by the relu layer and by a second dense layer: no fusion. */
  static final String SHARED = """
      model Shared {
        input x[3];
        target y[2];
        param W[4, 3] init normal(0, 0.6);
        param c[4] init uniform(-1, 1);
        m = W @ x;
        h = relu(m + c);
        o1 = dense(h, 2);
        o2 = dense(m, 2, bias = false);
        out = o1 + o2;
        output out;
        loss mse(out, y);
      }
      """;

  @ParameterizedTest
  @EnumSource(Precision.class)
  void denseReluLayersAreOneProductEachForwardAndBackward(Precision precision) {
    String java = GeneratedModel.generate("mlp.nn", MLP, precision).toString();
    String gemm = "Gemm." + (precision == Precision.FLOAT ? "s" : "d") + "gemm";
    String forward = method(java, "forward");
    String backward = method(java, "backward");
    // h1 = relu(x W1ᵀ + b1), straight into h1's storage, with relu.
    assertEquals(2, count(forward, Pattern.quote(gemm + "Bias(") + "[^;]*, true\\);"), forward);
    // out = h2 W3ᵀ + b3, with the bias alone.
    assertEquals(1, count(forward, Pattern.quote(gemm + "Bias(") + "[^;]*, false\\);"), forward);
    assertEquals(0, count(forward, Pattern.quote(gemm + "(")), forward);
    // dh2 = (g W3) ⊙ [h2 > 0] and dh1 = (dh2 W2) ⊙ [h1 > 0].
    assertEquals(2, count(backward, Pattern.quote(gemm + "Mask(") + "[^;]*, h\\d, 0, \\d\\);"),
        backward);
    assertFalse(backward.contains(" > 0"), "no separate relu derivative pass:\n" + backward);
    // Each call stays under the comment of its line.
    assertTrue(forward.contains("// mlp.nn:4: h1 = relu(dense(x, 5));\n"), forward);
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void thePlanShowsTheFusedStepsAndNoBufferForTheirProducts(Precision precision) {
    Diagnostics diagnostics = new Diagnostics();
    String plan = Compiler.compile(new SourceFile("mlp.nn", MLP),
        new Compiler.Options(null, precision, Compiler.Stage.PLAN), diagnostics).dump();
    assertEquals(3, count(plan, "= product %\\d+ \\+ bias %\\d+"), plan);
    assertEquals(2, count(plan, ", relu\\n"), plan);
    assertEquals(2, count(plan, "= product %\\d+ masked by %\\d+ > 0"), plan);
    // The buffers: h1, h2, out, the loss's, and the gradients'; none holds a layer's product.
    for (String line : plan.split("\n")) {
      if (line.matches("  t\\d+ .*")) {
        String id = line.trim().split(" ")[0].substring(1);
        assertFalse(plan.contains("= product %" + id + " "), "a buffer for product %" + id
            + ":\n" + plan);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void aProductReadTwiceIsNotFused(Precision precision) {
    String java = GeneratedModel.generate("shared.nn", SHARED, precision).toString();
    String forward = method(java, "forward");
    assertEquals(0, count(forward, "gemmBias\\("), forward);
    assertTrue(forward.contains("Math.max("), "the relu stays a loop of its own:\n" + forward);
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void fusedModelsHaveTheGradientsOfFiniteDifferences(Precision precision) {
    for (String model : new String[] {MLP, SHARED}) {
      checkGradients(model, precision);
    }
  }

  /**
   * Central differences of the double model's loss; the float model's gradients must agree with
   * the double model's, as in {@link GradientCheckTest}.
   */
  private static void checkGradients(String model, Precision precision) {
    GeneratedModel d = GeneratedModel.compile("case.nn", model, Precision.DOUBLE, 7);
    GradientCheckTest.Batch batch = GradientCheckTest.Batch.random(d, 5, 3);
    d.computeGradients(batch.x(), batch.y(), batch.n());
    double[] analytic = d.gradients();
    double[] params = d.parameters();
    if (precision == Precision.DOUBLE) {
      double h = 1e-6;
      for (int i = 0; i < params.length; i++) {
        d.setParameter(i, params[i] + h);
        double plus = d.computeGradients(batch.x(), batch.y(), batch.n());
        d.setParameter(i, params[i] - h);
        double minus = d.computeGradients(batch.x(), batch.y(), batch.n());
        d.setParameter(i, params[i]);
        double numeric = (plus - minus) / (2 * h);
        assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)),
            "gradient of parameter element " + i);
      }
      return;
    }
    GeneratedModel f = GeneratedModel.compile("case.nn", model, Precision.FLOAT, 7);
    f.setParameters(params);
    f.computeGradients(batch.x(), batch.y(), batch.n());
    double[] gf = f.gradients();
    for (int i = 0; i < analytic.length; i++) {
      assertEquals(analytic[i], gf[i], 1e-4 * Math.max(1, Math.abs(analytic[i])),
          "gradient element " + i);
    }
  }

  /** The text of a generated method, from its signature to the next method's. */
  private static String method(String java, String name) {
    Matcher m = Pattern.compile("\\n  (public |private |protected )?[\\w<>\\[\\]]+ " + name + "\\(")
        .matcher(java);
    assertTrue(m.find(), "no method " + name + " in\n" + java);
    int end = java.indexOf("\n  }\n", m.start());
    return java.substring(m.start(), end);
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int found = 0;
    while (m.find()) {
      found++;
    }
    return found;
  }
}
