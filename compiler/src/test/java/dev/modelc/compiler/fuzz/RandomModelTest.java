package dev.modelc.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random well-formed models over the whole language: each compiles, its Java compiles without a
 * warning under -Xlint:all, and its gradients agree with central finite differences in double
 * precision. Seeded, so a failure names the seed that reproduces it.
 */
class RandomModelTest {
  static LongStream seeds() {
    return LongStream.range(0, Long.getLong("modelc.randomModels", 120));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void compilesAndDifferentiatesCorrectly(long seed) {
    String source = RandomModels.model(seed);
    GeneratedModel m = GeneratedModel.compile("random.nn", source, Precision.DOUBLE, seed);
    Random random = new Random(seed);
    int n = 3;
    double[] x = new double[n * m.constant("INPUT_SIZE")];
    double[] y = new double[n * m.constant("TARGET_SIZE")];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    int classes = source.contains("class(") ? Integer.parseInt(source.replaceAll("(?s).*class\\((\\d+)\\).*", "$1")) : 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = classes > 0 ? random.nextInt(classes) : random.nextGaussian();
    }
    m.computeGradients(x, y, n);
    double[] analytic = m.gradients();
    double[] params = m.parameters();
    double h = 1e-6;
    for (int i = 0; i < params.length; i++) {
      m.setParameter(i, params[i] + h);
      double plus = m.computeGradients(x, y, n);
      m.setParameter(i, params[i] - h);
      double minus = m.computeGradients(x, y, n);
      m.setParameter(i, params[i]);
      double numeric = (plus - minus) / (2 * h);
      int element = i;
      assertEquals(numeric, analytic[i], 2e-5 * Math.max(1, Math.abs(numeric)),
          () -> "seed " + seed + ", parameter element " + element + " of\n" + source);
    }
  }
}
