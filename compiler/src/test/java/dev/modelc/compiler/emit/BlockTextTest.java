package dev.modelc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.palantir.javapoet.CodeBlock;
import org.junit.jupiter.api.Test;

/**
 * What {@link Bodies} relies on to render a body once: a block whose last line is complete
 * renders, in front of another, as its own text followed by the other's.
 */
class BlockTextTest {
  @Test
  void aCompleteBlockRendersAsItsTextFollowedByTheNext() {
    CodeBlock declaration = CodeBlock.builder()
        .add("// Each example weighs 1/n in the batch's mean loss.\n")
        .addStatement("$L invN = $L / n", "float", "1.0f")
        .build();
    CodeBlock body = CodeBlock.builder()
        .add("// loss\n")
        .beginControlFlow("for (int b = 0; b < n; b++)")
        .addStatement("total += $L * invN", "loss[b]")
        .add("$[x = a\n+ b$];\n")
        .endControlFlow()
        .addStatement("return total")
        .build();
    assertEquals(CodeBlock.builder().add(declaration).add(body).build().toString(),
        declaration.toString() + body.toString());
  }
}
