package dev.modelc.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.ast.Model;
import dev.modelc.compiler.ast.Stmt;
import dev.modelc.compiler.ast.TrainStmt;
import dev.modelc.compiler.diag.Diagnostic;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.Span;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Parses the specification's examples and small snippets, and checks the AST and its spans. */
class ParseTest {

  @Test
  void xorExample() throws IOException {
    CompilationUnit unit = parseClean(example("xor.nn"));
    assertEquals("dev.modelc.samples", unit.packageName().text());
    assertEquals(new Span(2, 9, 18), unit.packageName().span());
    assertEquals(1, unit.models().size());
    Model xor = unit.models().get(0);
    assertEquals("Xor", xor.name().text());
    assertEquals(new Span(4, 7, 3), xor.name().span());
    assertEquals(11, xor.body().size());

    Stmt.Input input = assertInstanceOf(Stmt.Input.class, xor.body().get(0));
    assertEquals("x", input.name().text());
    assertEquals(new Span(5, 3, 12), input.span());
    assertEquals("2", ((Expr.Number) input.dims().get(0)).text());

    Stmt.Param w1 = assertInstanceOf(Stmt.Param.class, xor.body().get(2));
    assertEquals(2, w1.dims().size());
    assertEquals("he", ((Expr.Name) w1.init()).name());
    assertNull(assertInstanceOf(Stmt.Param.class, xor.body().get(3)).init());

    // h = relu(W1 @ x + b1);
    Stmt.Assign h = assertInstanceOf(Stmt.Assign.class, xor.body().get(6));
    assertEquals(new Span(13, 3, 1), h.name().span());
    assertEquals(13, h.span().line());
    assertEquals(3, h.span().column());
    Expr.Call relu = assertInstanceOf(Expr.Call.class, h.value());
    assertEquals("relu", relu.function().text());
    assertEquals(new Span(13, 9, 4), relu.span());
    Expr.Binary sum = assertInstanceOf(Expr.Binary.class, relu.args().get(0).value());
    assertEquals(Expr.BinOp.ADD, sum.op());
    assertEquals(new Span(13, 21, 1), sum.span());
    Expr.Binary product = assertInstanceOf(Expr.Binary.class, sum.left());
    assertEquals(Expr.BinOp.MATMUL, product.op());
    assertEquals(new Span(13, 17, 1), product.span());

    Stmt.Output output = assertInstanceOf(Stmt.Output.class, xor.body().get(8));
    assertEquals("out", output.name().text());
    assertNull(output.value());

    Stmt.Train train = assertInstanceOf(Stmt.Train.class, xor.body().get(10));
    assertEquals(4, train.statements().size());
    TrainStmt.Optimizer adam = assertInstanceOf(TrainStmt.Optimizer.class,
        train.statements().get(0));
    assertEquals("adam", adam.call().function().text());
    assertEquals("lr", adam.call().args().get(0).name().text());
    TrainStmt.Setting epochs = assertInstanceOf(TrainStmt.Setting.class,
        train.statements().get(2));
    assertEquals("epochs", epochs.keyword().text());
    assertEquals(1000.0, ((Expr.Number) epochs.value()).value());
  }

  @Test
  void digitsExample() throws IOException {
    CompilationUnit unit = parseClean(example("digits.nn"));
    assertNull(unit.packageName());
    Model digits = unit.models().get(0);
    assertEquals("Digits", digits.name().text());
    assertEquals(9, digits.body().size());

    Stmt.Target label = assertInstanceOf(Stmt.Target.class, digits.body().get(1));
    assertTrue(label.isClassLabel());
    assertEquals("10", ((Expr.Number) label.classes()).text());

    Stmt.Output probs = assertInstanceOf(Stmt.Output.class, digits.body().get(5));
    assertEquals("softmax", ((Expr.Call) probs.value()).function().text());

    // loss cross_entropy(out, label) + 1e-4 * l2(h.weight);
    Stmt.Loss loss = assertInstanceOf(Stmt.Loss.class, digits.body().get(6));
    Expr.Binary sum = assertInstanceOf(Expr.Binary.class, loss.value());
    assertEquals(Expr.BinOp.ADD, sum.op());
    Expr.Binary scaled = assertInstanceOf(Expr.Binary.class, sum.right());
    Expr.Number decay = assertInstanceOf(Expr.Number.class, scaled.left());
    assertEquals(1e-4, decay.value());
    assertFalse(decay.isInteger());
    Expr.Name weight = assertInstanceOf(Expr.Name.class,
        ((Expr.Call) scaled.right()).args().get(0).value());
    assertEquals("h.weight", weight.name());
    assertEquals(new Span(11, 46, 8), weight.span());

    assertInstanceOf(Stmt.Metric.class, digits.body().get(7));
    Stmt.Train train = assertInstanceOf(Stmt.Train.class, digits.body().get(8));
    assertEquals(7, train.statements().size());
    Expr.Call sgd = ((TrainStmt.Optimizer) train.statements().get(0)).call();
    assertEquals(3, sgd.args().size());
    assertEquals(true, ((Expr.Bool) sgd.args().get(2).value()).value());
    TrainStmt.Schedule schedule = assertInstanceOf(TrainStmt.Schedule.class,
        train.statements().get(1));
    assertEquals(0, schedule.calls().get(0).args().size());
    TrainStmt.EarlyStopping stopping = assertInstanceOf(TrainStmt.EarlyStopping.class,
        train.statements().get(6));
    assertEquals("early_stopping", stopping.call().function().text());
    assertEquals("patience", stopping.call().args().get(0).name().text());
  }

  @Test
  void operatorsBindTightestFirstAndAssociateLeft() {
    // -a @ b * c + d - e  is  (((-a @ b) * c) + d) - e
    Expr e = value("-a @ b * c + d - e");
    Expr.Binary sub = assertInstanceOf(Expr.Binary.class, e);
    assertEquals(Expr.BinOp.SUB, sub.op());
    Expr.Binary add = assertInstanceOf(Expr.Binary.class, sub.left());
    assertEquals(Expr.BinOp.ADD, add.op());
    Expr.Binary mul = assertInstanceOf(Expr.Binary.class, add.left());
    assertEquals(Expr.BinOp.MUL, mul.op());
    Expr.Binary matmul = assertInstanceOf(Expr.Binary.class, mul.left());
    assertEquals(Expr.BinOp.MATMUL, matmul.op());
    assertInstanceOf(Expr.Neg.class, matmul.left());

    Expr.Binary grouped = assertInstanceOf(Expr.Binary.class, value("a / (b - c)"));
    assertEquals(Expr.BinOp.DIV, grouped.op());
    assertEquals(Expr.BinOp.SUB, ((Expr.Binary) grouped.right()).op());
  }

  @Test
  void indexingBindsTighterThanMinus() {
    Expr.Neg neg = assertInstanceOf(Expr.Neg.class, value("-x[0]"));
    Expr.Index index = assertInstanceOf(Expr.Index.class, neg.operand());
    assertEquals(new Span(2, 9, 3), index.span());

    Expr.Slice both = assertInstanceOf(Expr.Slice.class, value("x[1:3]"));
    assertEquals("1", ((Expr.Number) both.from()).text());
    Expr.Slice open = assertInstanceOf(Expr.Slice.class, value("x[:]"));
    assertNull(open.from());
    assertNull(open.to());
    assertNull(((Expr.Slice) value("x[:2]")).from());
    assertNull(((Expr.Slice) value("x[1:]")).to());
    assertInstanceOf(Expr.Index.class, ((Expr.Index) value("f(x)[0][1]")).target());
  }

  @Test
  void numbersListsAndArguments() {
    assertEquals(0.5, ((Expr.Number) value(".5")).value());
    assertEquals(2.0, ((Expr.Number) value("2.")).value());
    assertTrue(((Expr.Number) value("12")).isInteger());
    assertEquals(1.5e3, ((Expr.Number) value("1.5E+3")).value());

    Expr.Call reshape = assertInstanceOf(Expr.Call.class, value("reshape(x, [4, 2])"));
    Expr.ListLit dims = assertInstanceOf(Expr.ListLit.class, reshape.args().get(1).value());
    assertEquals(2, dims.items().size());
    assertEquals(0, ((Expr.ListLit) value("[]")).items().size());

    Expr.Call leaky = assertInstanceOf(Expr.Call.class, value("leaky_relu(u, alpha = 0.1)"));
    assertFalse(leaky.args().get(0).isNamed());
    assertEquals("alpha", leaky.args().get(1).name().text());
    assertEquals(new Span(2, 21, 11), leaky.args().get(1).span());
  }

  @Test
  void languageWordsOtherThanReservedOnesCanNameThings() {
    CompilationUnit unit = parseClean("package a.model.train;\n"
        + "model M {\n"
        + "  const batch = 4;\n"
        + "  input input[batch];\n"
        + "  target target : class(3);\n"
        + "  param init[3, 4] init normal(0, 0.1);\n"
        + "  loss = init @ input;\n"
        + "  output output = softmax(loss);\n"
        + "  loss cross_entropy(loss, target);\n"
        + "  train { epochs 3; shuffle false; validation 0.2; clip_value 1; }\n"
        + "}\n");
    assertEquals("a.model.train", unit.packageName().text());
    Model m = unit.models().get(0);
    assertEquals(8, m.body().size());
    assertEquals("init", ((Stmt.Param) m.body().get(3)).name().text());
    assertEquals("normal", ((Expr.Call) ((Stmt.Param) m.body().get(3)).init()).function().text());
    assertEquals("loss", ((Stmt.Assign) m.body().get(4)).name().text());
  }

  @Test
  void severalModelsInOneFile() {
    CompilationUnit unit = parseClean("model A { input x[1]; }\nmodel B { input x[1]; }\n");
    assertEquals(2, unit.models().size());
    assertEquals("B", unit.models().get(1).name().text());
    assertEquals(new Span(2, 1, 7), unit.models().get(1).span());
  }

  @Test
  void keepsWhatCouldBeParsedAroundErrors() {
    Diagnostics diagnostics = new Diagnostics();
    CompilationUnit unit = Parse.parse(new SourceFile("t.nn",
        "model A {\n  input x[2];\n  h = relu(x +);\n  out = dense(x, 1);\n}\n"), diagnostics);
    assertEquals(1, diagnostics.errorCount());
    Model a = unit.models().get(0);
    assertEquals(2, a.body().size());
    assertEquals("out", ((Stmt.Assign) a.body().get(1)).name().text());
  }

  @Test
  void emptyFileIsAnErrorButStillAUnit() {
    Diagnostics diagnostics = new Diagnostics();
    CompilationUnit unit = Parse.parse(new SourceFile("empty.nn", ""), diagnostics);
    assertEquals(0, unit.models().size());
    assertEquals("expected 'package' or 'model'", only(diagnostics).message());
  }

  @Test
  void linesEndingInLoneCarriageReturnsAreCountedAsTheRendererCountsThem() {
    Diagnostics diagnostics = new Diagnostics();
    Parse.parse(new SourceFile("cr.nn", "model A {\r  input x[2]\r  input y[2];\r}\r"),
        diagnostics);
    assertEquals(new Span(2, 13, 1), only(diagnostics).span());
  }

  @Test
  void thousandsOfParenthesesAreOneLocatedError() {
    String deep = "(".repeat(5000) + "x" + ")".repeat(5000);
    Diagnostics diagnostics = new Diagnostics();
    CompilationUnit unit = Parse.parse(
        new SourceFile("deep.nn", "model A {\n  h = " + deep + ";\n}\n"), diagnostics);
    Diagnostic error = only(diagnostics);
    assertEquals("expression nested too deeply", error.message());
    assertEquals(new Span(2, 7 + TokenChecks.MAX_NESTING, 1), error.span());
    assertEquals(0, unit.models().size());
  }

  @Test
  void longChainsAreLimitedToo() {
    String terms = String.join(" + ", Collections.nCopies(5000, "x"));
    Diagnostics diagnostics = new Diagnostics();
    Parse.parse(new SourceFile("long.nn", "model A {\n  h = " + terms + ";\n}\n"), diagnostics);
    assertEquals("expression nested too deeply", only(diagnostics).message());
  }

  @Test
  void aStackOverflowIsReportedNotThrown() throws InterruptedException {
    // Loads the lexer and parser first, so that the tiny stack is spent on parsing.
    parseClean("model A { input x[1]; }");
    // Nesting that passes the limit, on a stack too small for it.
    String source = "model A {\n  h = " + "f(".repeat(TokenChecks.MAX_NESTING) + "x"
        + ")".repeat(TokenChecks.MAX_NESTING) + ";\n}\n";
    Diagnostics diagnostics = new Diagnostics();
    Throwable[] thrown = new Throwable[1];
    Thread thread = new Thread(null, () -> {
      try {
        Parse.parse(new SourceFile("tiny.nn", source), diagnostics);
      } catch (Throwable t) {
        thrown[0] = t;
      }
    }, "tiny stack", 64 * 1024);
    thread.start();
    thread.join();
    assertNull(thrown[0]);
    assertEquals("expression nested too deeply", only(diagnostics).message());
  }

  private static Expr value(String expression) {
    CompilationUnit unit = parseClean("model M {\n  v = " + expression + ";\n}\n");
    return ((Stmt.Assign) unit.models().get(0).body().get(0)).value();
  }

  private static CompilationUnit parseClean(String text) {
    Diagnostics diagnostics = new Diagnostics();
    CompilationUnit unit = Parse.parse(new SourceFile("test.nn", text), diagnostics);
    assertEquals("", Renderer.render(diagnostics));
    return unit;
  }

  private static Diagnostic only(Diagnostics diagnostics) {
    assertEquals(1, diagnostics.sorted().size(), Renderer.render(diagnostics));
    return diagnostics.sorted().get(0);
  }

  private static String example(String name) throws IOException {
    try (InputStream in = ParseTest.class.getResourceAsStream("/examples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
