package dev.modelc.compiler.syntax;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.ast.Ident;
import dev.modelc.compiler.ast.TrainStmt;
import dev.modelc.grammar.ModelBaseVisitor;
import dev.modelc.grammar.ModelParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.RuleNode;

/** Builds the statements of a {@code train} block; null for one left incomplete by an error. */
final class TrainBuilder extends ModelBaseVisitor<TrainStmt> {
  private final Trees trees;
  private final ExprBuilder exprs;

  TrainBuilder(Trees trees, ExprBuilder exprs) {
    this.trees = trees;
    this.exprs = exprs;
  }

  /** The block's statements that could be built, in source order. */
  List<TrainStmt> build(List<ModelParser.TrainStatementContext> contexts) {
    List<TrainStmt> statements = new ArrayList<>();
    for (ModelParser.TrainStatementContext ctx : contexts) {
      // A statement inside which error recovery gave up is left out, as in a model body.
      TrainStmt built = ctx.exception != null ? null : visit(ctx);
      if (built != null) {
        statements.add(built);
      }
    }
    return statements;
  }

  // Contexts without an alternative of their own are what a failed prediction leaves behind.
  @Override
  public TrainStmt visitChildren(RuleNode node) {
    return null;
  }

  @Override
  public TrainStmt visitOptimizerStmt(ModelParser.OptimizerStmtContext ctx) {
    Expr.Call call = exprs.call(ctx.call());
    return call == null ? null : new TrainStmt.Optimizer(call, trees.span(ctx));
  }

  @Override
  public TrainStmt visitScheduleStmt(ModelParser.ScheduleStmtContext ctx) {
    List<Expr.Call> calls = new ArrayList<>();
    for (ModelParser.CallContext call : ctx.call()) {
      Expr.Call built = exprs.call(call);
      if (built == null) {
        return null;
      }
      calls.add(built);
    }
    return calls.isEmpty() ? null : new TrainStmt.Schedule(calls, trees.span(ctx));
  }

  /** {@code early_stopping(patience = 5);} becomes a call of {@code early_stopping}. */
  @Override
  public TrainStmt visitEarlyStoppingStmt(ModelParser.EarlyStoppingStmtContext ctx) {
    Token keyword = Trees.real(ctx.EARLY_STOPPING());
    List<Expr.Arg> args = exprs.arguments(ctx.arguments());
    if (keyword == null || args == null || Trees.real(ctx.LPAREN()) == null) {
      return null;
    }
    Ident function = new Ident(keyword.getText(), trees.span(keyword));
    return new TrainStmt.EarlyStopping(
        new Expr.Call(function, args, function.span()), trees.span(ctx));
  }

  @Override
  public TrainStmt visitSettingStmt(ModelParser.SettingStmtContext ctx) {
    Token key = Trees.real(ctx.key);
    Expr value = exprs.build(ctx.expr());
    if (key == null || value == null) {
      return null;
    }
    return new TrainStmt.Setting(new Ident(key.getText(), trees.span(key)), value,
        trees.span(ctx));
  }
}
