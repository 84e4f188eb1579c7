package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.compiler.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated Java, IR and derivatives of the example models, compared with the files under
 * {@code src/test/resources/golden}. Run with {@code -Dmodelc.goldens=update} to rewrite them after
 * a deliberate change, then review the diff. Every golden Java file must also compile cleanly.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = "update".equals(System.getProperty("modelc.goldens"));

  static Stream<Arguments> goldens() {
    List<Arguments> cases = new ArrayList<>();
    for (String model : List.of("examples/xor.nn", "models/worked.nn", "models/iris.nn")) {
      String base = Path.of(model).getFileName().toString().replace(".nn", "");
      cases.add(Arguments.of(model, null, Precision.FLOAT, base + ".java.txt"));
      cases.add(Arguments.of(model, Compiler.Stage.IR, Precision.FLOAT, base + ".ir.txt"));
      cases.add(Arguments.of(model, Compiler.Stage.GRAD, Precision.FLOAT, base + ".grad.txt"));
    }
    cases.add(Arguments.of("examples/xor.nn", null, Precision.DOUBLE, "xor.double.java.txt"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("goldens")
  void outputMatchesGolden(String model, Compiler.Stage stage, Precision precision, String golden) throws IOException {
    Diagnostics diagnostics = new Diagnostics();
    String name = Path.of(model).getFileName().toString();
    Compiler.Result result = Compiler.compile(new SourceFile(name, Resources.text(model)),
        new Compiler.Options(null, precision, stage), diagnostics);
    assertFalse(diagnostics.hasErrors(), () -> Renderer.render(diagnostics));
    String actual = stage == null ? result.files().get(0).toString() : result.dump();
    Path file = GOLDEN.resolve(golden);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
        "output differs from " + file + "; rerun with -Dmodelc.goldens=update if the change is intended");
    if (stage == null) {
      var javaFile = result.files().get(0);
      GeneratedModel.javac(javaFile.packageName() + "." + javaFile.typeSpec().name(), Files.readString(file));
    }
  }
}
