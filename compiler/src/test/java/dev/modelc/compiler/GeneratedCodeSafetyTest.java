package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import org.junit.jupiter.api.Test;

/** No text of a `.nn` file, nor its name, can change the meaning of the Java generated from it. */
class GeneratedCodeSafetyTest {
  @Test
  void commentsAndFileNamesCannotEscapeIntoCode() {
    String hostile = """
        // \\u000a public static int injected() { return 1; } /*
        model Safe {
          input  x[2];  // */ public static int closed() { return 2; } /* \\u002a/
          target y[1];
          param W[1, 2] init he;
          out = W @ x;  // \\u000d\\u000a static { System.exit(3); }
          output out;
          loss mse(out, y);
        }
        """;
    JavaFile file = GeneratedModel.generate("evil*/name\\u000a\u0007.nn", hostile, Precision.FLOAT);
    String java = file.toString();
    GeneratedModel m = GeneratedModel.load(file, Precision.FLOAT, 1);
    for (var method : m.type().getDeclaredMethods()) {
      assertFalse(method.getName().equals("injected") || method.getName().equals("closed"), method.toString());
    }
    assertFalse(java.contains("\u0007"), "control characters are dropped");
    assertEquals(2, m.constant("INPUT_SIZE"));
  }
}
