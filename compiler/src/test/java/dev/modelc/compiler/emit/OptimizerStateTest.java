package dev.modelc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.ir.OptimizerSpec;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.compiler.testing.Resources;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The optimizer's state arrays have one source, {@link OptimizerSpec#stateArrays}: the generated
 * class holds exactly those arrays of one value per parameter, and the footprint its
 * documentation (and {@code --emit plan}) gives counts them.
 */
class OptimizerStateTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "adam(lr = 0.01)|m v",
      "adamw(lr = 0.01, weight_decay = 0.1)|m v",
      "rmsprop(lr = 0.01)|v",
      "rmsprop(lr = 0.01, momentum = 0.5)|v velocity",
      "sgd(lr = 0.05)|''",
      "sgd(lr = 0.05, momentum = 0.9, nesterov = true)|velocity"})
  void theClassKeepsAndCountsTheArraysTheSpecNames(String optimizer, String arrays) {
    String nn = Resources.text("models/iris.nn").replace("sgd(lr = 0.05, momentum = 0.9)", optimizer);
    for (Precision precision : Precision.values()) {
      GeneratedModel m = GeneratedModel.compile("iris.nn", nn, precision, 1);
      int count = m.constant("PARAMETER_COUNT");
      List<String> perParameter = new ArrayList<>();
      for (Field f : m.type().getDeclaredFields()) {
        boolean array = f.getType() == (precision == Precision.FLOAT ? float[].class : double[].class);
        // Arrays of one value per parameter are final; the workspace grows with the batch.
        if (array && Modifier.isFinal(f.getModifiers()) && !Modifier.isStatic(f.getModifiers())) {
          perParameter.add(f.getName());
        }
      }
      List<String> state = arrays.isEmpty() ? List.of() : List.of(arrays.split(" "));
      List<String> expected = new ArrayList<>(List.of("params", "grads", "previousParams"));
      expected.addAll(state);
      assertEquals(expected.stream().sorted().toList(), perParameter.stream().sorted().toList(),
          optimizer + ": the arrays of one value per parameter");
      Matcher footprint = Pattern.compile("Memory: (\\d+) parameters \\((\\d+) bytes with their gradients")
          .matcher(m.source());
      assertTrue(footprint.find(), m.source());
      assertEquals(count, Integer.parseInt(footprint.group(1)));
      int bytes = precision == Precision.FLOAT ? 4 : 8;
      assertEquals((long) count * bytes * expected.size(), Long.parseLong(footprint.group(2)),
          optimizer + ", " + precision + ": the documented footprint counts every such array");
    }
  }
}
