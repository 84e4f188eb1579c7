package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Dropout: a fresh seeded mask in training, used by forward and backward alike; identity in inference. */
class DropoutTest {
  private static final String MODEL = """
      model Drop {
        input  x[1000];
        target y[1];
        param w[1000] init ones;
        d = dropout(x * w, 0.25);
        output d;
        loss sum(d) + 0 * sum(y);
      }
      """;

  @Test
  void trainingMasksElementsAndScalesTheRestWithTheSameMaskInBothPasses() {
    GeneratedModel m = GeneratedModel.compile("drop.nn", MODEL, Precision.DOUBLE, 3);
    double[] x = new double[1000];
    Arrays.fill(x, 1);
    double loss = m.computeGradients(x, new double[] {0}, 1);
    double[] g = m.gradients();
    int zeros = 0;
    double total = 0;
    for (double v : g) {
      assertTrue(v == 0 || Math.abs(v - 1 / 0.75) < 1e-12, "a gradient element is 0 or 1/(1-p): " + v);
      zeros += v == 0 ? 1 : 0;
      total += v;
    }
    // The loss is the sum of the masked inputs, so it equals the sum of the gradient only when both
    // passes used one mask.
    assertEquals(total, loss, 1e-9);
    assertTrue(zeros > 200 && zeros < 300, "about a quarter of the elements are dropped: " + zeros);
    m.computeGradients(x, new double[] {0}, 1);
    assertTrue(!Arrays.equals(g, m.gradients()), "every training pass draws a new mask");
  }

  @Test
  void inferenceIsTheIdentity() {
    GeneratedModel m = GeneratedModel.compile("drop.nn", MODEL, Precision.FLOAT, 3);
    double[] x = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.001;
    }
    assertArrayEquals(x, m.predict(x, 1), 1e-6);
    double sum = Arrays.stream(x).sum();
    assertEquals(sum, m.loss(x, new double[] {0}, 1), 1e-3);
  }

  @Test
  void theSameSeedDrawsTheSameMasks() {
    double[] x = new double[1000];
    Arrays.fill(x, 1);
    GeneratedModel a = GeneratedModel.compile("drop.nn", MODEL, Precision.FLOAT, 9);
    GeneratedModel b = GeneratedModel.compile("drop.nn", MODEL, Precision.FLOAT, 9);
    for (int i = 0; i < 3; i++) {
      a.computeGradients(x, new double[] {0}, 1);
      b.computeGradients(x, new double[] {0}, 1);
      assertArrayEquals(a.gradients(), b.gradients());
    }
  }
}
