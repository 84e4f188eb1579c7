package dev.modelc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import dev.modelc.compiler.lower.Plan;
import dev.modelc.compiler.lower.Storage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bodies of the methods that evaluate the graph (forward, backward, the mean loss, the metric,
 * the copy of the output): each materialized node's step, in order, under the `.nn` line it
 * comes from.
 */
final class Bodies {
  /** The runtime's scalar functions that a body may call unqualified, imported statically. */
  private static final List<String> FUNCTIONS = List.of("expf", "heaviside", "softplus");

  private final Plan plan;
  private final Precision p;
  private final SourceFile source;
  /** The `.nn` file's name without its folders, as the line comments give it. */
  private final String fileName;
  /** Which of {@link #FUNCTIONS} the bodies built so far call. */
  private final Set<String> called = new TreeSet<>();

  Bodies(Plan plan, Precision precision) {
    this.plan = plan;
    this.p = precision;
    this.source = plan.model().source();
    this.fileName = commentText(source.name().replaceAll(".*[/\\\\]", ""));
  }

  /**
   * Computes the output, then (when a target is given) the per-example loss, then (in training)
   * the new values of state tensors such as running statistics.
   */
  CodeBlock forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(steps(plan.outputPhase(), "", null));
    CodeBlock loss = steps(plan.lossPhase(), "", null);
    if (!loss.isEmpty() || !plan.stateUpdates().isEmpty()) {
      code.beginControlFlow("if (y == null)");
      code.add("// predict needs no loss.\n");
      code.addStatement("return");
      code.endControlFlow();
      code.add(loss);
    }
    if (!plan.stateUpdates().isEmpty()) {
      Loops loops = new Loops(new Exprs(plan, p, Boolean.TRUE));
      code.beginControlFlow("if (training)");
      for (Map.Entry<String, Node> e : plan.stateUpdates().entrySet()) {
        code.add("// the new $L\n", e.getKey());
        code.add(loops.write(stateStorage(e.getKey()), e.getValue().shape(), e.getValue(), false, "="));
      }
      code.endControlFlow();
    }
    // The workspace may grow first, so the names are bound to the arrays after it has.
    return CodeBlock.builder().addStatement("reserve(n)").add(withBatchInverseAndWorkspace(code.build())).build();
  }

  private Storage stateStorage(String name) {
    for (var decl : plan.model().states()) {
      if (decl.name().equals(name)) {
        return new Storage("state", decl.offset(), decl.shape().size(), false);
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** Computes every gradient into {@code grads}, reading what the forward pass stored. */
  CodeBlock backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.add(steps(plan.backwardPhase(), "gradient through ", Boolean.TRUE));
    Loops loops = new Loops(new Exprs(plan, p, Boolean.TRUE));
    for (Map.Entry<String, Node> e : plan.gradientCopies().entrySet()) {
      Storage dst = gradientStorage(e.getKey());
      code.add("// d loss / d $L\n", e.getKey());
      code.add(loops.write(dst, e.getValue().shape(), e.getValue(), false, "="));
    }
    return withBatchInverseAndWorkspace(code.build());
  }

  /** The batch's mean of the per-example loss, summed in double so long batches lose no precision. */
  CodeBlock meanLoss() {
    Node loss = plan.model().graph().root(Graph.LOSS);
    Exprs exprs = new Exprs(plan, p, null);
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("double total = 0");
    code.beginControlFlow("for (int b = 0; b < n; b++)");
    code.addStatement("total += $L", exprs.at(loss, new Pos.Rows("b", "0")));
    code.endControlFlow();
    code.addStatement("return $L", p.narrow("total / n"));
    return withBatchInverseAndWorkspace(code.build());
  }

  /** The sum over the batch of the per-example metric, which the forward pass has just computed the inputs of. */
  CodeBlock metricSum() {
    Node metric = plan.model().graph().root(Graph.METRIC);
    Exprs exprs = new Exprs(plan, p, Boolean.FALSE);
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("double total = 0");
    code.beginControlFlow("for (int b = 0; b < count; b++)");
    code.addStatement("total += $L", exprs.at(metric, new Pos.Rows("b", "0")));
    code.endControlFlow();
    return withWorkspace(code.addStatement("return total").build());
  }

  /** Copies the output of n examples into the caller's array. */
  CodeBlock copyOutput() {
    Node output = plan.model().graph().root(Graph.OUTPUT);
    Storage dst = new Storage("predictions", 0, output.shape().size(), true);
    return withWorkspace(new Loops(new Exprs(plan, p, Boolean.FALSE)).write(dst, output.shape(), output, true, "="));
  }

  private Storage gradientStorage(String param) {
    for (var decl : plan.model().params()) {
      if (decl.name().equals(param)) {
        return new Storage("grads", decl.offset(), decl.shape().size(), false);
      }
    }
    throw new IllegalArgumentException(param);
  }

  private CodeBlock steps(List<Node> nodes, String prefix, Boolean training) {
    CodeBlock.Builder code = CodeBlock.builder();
    int line = -1;
    for (Node node : nodes) {
      if (node.line() != line && node.line() > 0) {
        line = node.line();
        code.add("// $L$L:$L: $L\n", prefix, fileName, line, commentText(source.line(line)));
      }
      code.add(node.op().accept(new Steps(plan, p, node, training)));
    }
    return code.build();
  }

  /**
   * Text from a `.nn` file (a line of it, or its name) made safe for any Java comment: trimmed,
   * control characters dropped, every backslash doubled so that no {@code \\u} escape takes
   * effect, and {@code *}{@code /} broken so that it cannot close a block comment.
   */
  static String commentText(String text) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        s.append("\\\\");
      } else if (!Character.isISOControl(c)) {
        s.append(c);
      }
    }
    return s.toString().strip().replace("*/", "* /");
  }

  /**
   * Declares, ahead of a body, the buffers it uses as names for the workspace arrays they live in:
   * {@code float[] h = work2;}.
   */
  CodeBlock withWorkspace(CodeBlock body) {
    return withWorkspace(body, body.toString());
  }

  /**
   * The runtime's functions that the bodies built so far call, in the order of their names: only
   * these bodies evaluate expressions of the graph, so the class needs these static imports and
   * no others, found without rendering the whole class.
   */
  Set<String> calledFunctions() {
    return called;
  }

  /** As above, given the text of {@code body}; every body passes here, and its calls are noted. */
  private CodeBlock withWorkspace(CodeBlock body, String text) {
    for (String function : FUNCTIONS) {
      if (Words.callsUnqualified(text, function)) {
        called.add(function);
      }
    }
    CodeBlock.Builder code = CodeBlock.builder();
    boolean any = false;
    for (var buffer : plan.buffers()) {
      String slot = plan.memory().slotOf().get(buffer.name());
      if (slot != null && Words.containsWord(text, buffer.name())) {
        if (!any) {
          code.add("// Values in the workspace arrays they share with others that are dead by then.\n");
          any = true;
        }
        code.addStatement("$L[] $L = $L", p.keyword(), buffer.name(), slot);
      }
    }
    return code.add(body).build();
  }

  /**
   * Declares 1/n ahead of a body that uses it, then the body's workspace names. The body is
   * rendered once for both: a block whose last line is complete renders as its own text followed
   * by the text of the block after it, so the declaration's text goes in front of the body's.
   */
  private CodeBlock withBatchInverseAndWorkspace(CodeBlock body) {
    String text = body.toString();
    if (!text.contains("invN")) {
      return withWorkspace(body, text);
    }
    CodeBlock inverse = CodeBlock.builder()
        .add("// Each example weighs 1/n in the batch's mean loss.\n")
        .addStatement("$L invN = $L / n", p.keyword(), p.literal(1))
        .build();
    return withWorkspace(CodeBlock.builder().add(inverse).add(body).build(), inverse.toString() + text);
  }
}
