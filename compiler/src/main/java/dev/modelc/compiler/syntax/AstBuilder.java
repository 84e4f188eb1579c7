package dev.modelc.compiler.syntax;

import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.ast.Ident;
import dev.modelc.compiler.ast.Model;
import dev.modelc.compiler.ast.Stmt;
import dev.modelc.compiler.diag.Span;
import dev.modelc.grammar.ModelBaseVisitor;
import dev.modelc.grammar.ModelParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.RuleNode;

/**
 * Converts the parse tree into the AST, with spans, and checks that declared names can become
 * Java identifiers. It never throws on a tree that error recovery has left incomplete: a model
 * or statement that cannot be built is left out (its error is already reported), so the result is
 * the part of the file that could be understood.
 */
final class AstBuilder extends ModelBaseVisitor<Stmt> {
  private final Trees trees;
  private final ExprBuilder exprs;
  private final TrainBuilder train;

  AstBuilder(Trees trees) {
    this.trees = trees;
    this.exprs = new ExprBuilder(trees);
    this.train = new TrainBuilder(trees, exprs);
  }

  CompilationUnit build(ModelParser.CompilationUnitContext ctx) {
    Ident packageName = ctx.packageDecl() == null ? null : packageName(ctx.packageDecl());
    List<Model> models = new ArrayList<>();
    for (ModelParser.ModelDeclContext model : ctx.modelDecl()) {
      Model built = model(model);
      if (built != null) {
        models.add(built);
      }
    }
    return new CompilationUnit(trees.source, packageName, models);
  }

  /** {@code package a.b.c;} as one dotted name, or null when a segment is missing. */
  private Ident packageName(ModelParser.PackageDeclContext ctx) {
    List<String> parts = new ArrayList<>();
    for (ModelParser.PackagePartContext part : ctx.packagePart()) {
      Token word = Trees.word(part);
      if (word == null) {
        return null;
      }
      String problem = Names.packagePartProblem(word.getText());
      if (problem != null) {
        trees.error(trees.span(word), problem);
      }
      parts.add(word.getText());
    }
    if (parts.isEmpty()) {
      return null;
    }
    Span span = trees.positions.of(ctx.packagePart(0).getStart(),
        ctx.packagePart(ctx.packagePart().size() - 1).getStop());
    return new Ident(String.join(".", parts), span);
  }

  /** The model, or null without a name; its statements are built (and checked) either way. */
  private Model model(ModelParser.ModelDeclContext ctx) {
    Ident name = ctx.name() == null ? null : trees.declared(ctx.name());
    List<Stmt> body = new ArrayList<>();
    for (ModelParser.StatementContext statement : ctx.statement()) {
      Stmt built = statement(statement);
      if (built != null) {
        body.add(built);
      }
    }
    Token keyword = Trees.real(ctx.MODEL());
    if (name == null || keyword == null) {
      return null;
    }
    return new Model(name, body, trees.positions.of(keyword, ctx.name().getStop()));
  }

  /**
   * The statement, or null when it cannot be built: error recovery gave up inside it (and
   * skipped its rest), or left parts of it missing.
   */
  private Stmt statement(ModelParser.StatementContext ctx) {
    return ctx.exception != null ? null : visit(ctx);
  }

  // Contexts without an alternative of their own are what a failed prediction leaves behind.
  @Override
  public Stmt visitChildren(RuleNode node) {
    return null;
  }

  @Override
  public Stmt visitConstStmt(ModelParser.ConstStmtContext ctx) {
    Ident name = trees.declared(ctx.name());
    Expr value = exprs.build(ctx.expr());
    return name == null || value == null ? null : new Stmt.Const(name, value, trees.span(ctx));
  }

  @Override
  public Stmt visitInputStmt(ModelParser.InputStmtContext ctx) {
    Ident name = trees.declared(ctx.name());
    List<Expr> dims = dims(ctx.shape());
    return name == null || dims == null ? null : new Stmt.Input(name, dims, trees.span(ctx));
  }

  @Override
  public Stmt visitTargetStmt(ModelParser.TargetStmtContext ctx) {
    Ident name = trees.declared(ctx.name());
    if (ctx.shape() != null) {
      List<Expr> dims = dims(ctx.shape());
      return name == null || dims == null
          ? null
          : new Stmt.Target(name, dims, null, trees.span(ctx));
    }
    Expr classes = Trees.real(ctx.CLASS()) == null ? null : exprs.build(ctx.classes);
    return name == null || classes == null
        ? null
        : new Stmt.Target(name, List.of(), classes, trees.span(ctx));
  }

  @Override
  public Stmt visitParamStmt(ModelParser.ParamStmtContext ctx) {
    Ident name = trees.declared(ctx.name());
    List<Expr> dims = dims(ctx.shape());
    Expr init = null;
    if (ctx.INIT() != null) {
      init = initializer(ctx.initializer());
      if (init == null) {
        return null;
      }
    }
    return name == null || dims == null
        ? null
        : new Stmt.Param(name, dims, init, trees.span(ctx));
  }

  /** An initializer: a name ({@code he}) or a call ({@code uniform(-0.1, 0.1)}). */
  private Expr initializer(ModelParser.InitializerContext ctx) {
    if (ctx == null) {
      return null;
    }
    if (ctx.call() != null) {
      return exprs.call(ctx.call());
    }
    Ident word = trees.ident(ctx.ident());
    return word == null ? null : new Expr.Name(word.text(), word.span());
  }

  @Override
  public Stmt visitOutputStmt(ModelParser.OutputStmtContext ctx) {
    Ident name = trees.declared(ctx.name());
    Expr value = null;
    if (ctx.ASSIGN() != null) {
      value = exprs.build(ctx.expr());
      if (value == null) {
        return null;
      }
    }
    return name == null ? null : new Stmt.Output(name, value, trees.span(ctx));
  }

  @Override
  public Stmt visitLossStmt(ModelParser.LossStmtContext ctx) {
    Expr value = exprs.build(ctx.expr());
    return value == null ? null : new Stmt.Loss(value, trees.span(ctx));
  }

  @Override
  public Stmt visitMetricStmt(ModelParser.MetricStmtContext ctx) {
    Expr.Call call = exprs.call(ctx.call());
    return call == null ? null : new Stmt.Metric(call, trees.span(ctx));
  }

  @Override
  public Stmt visitTrainBlock(ModelParser.TrainBlockContext ctx) {
    return new Stmt.Train(train.build(ctx.trainStatement()), trees.span(ctx));
  }

  @Override
  public Stmt visitAssignStmt(ModelParser.AssignStmtContext ctx) {
    Ident name = trees.declared(ctx.name());
    Expr value = exprs.build(ctx.expr());
    return name == null || value == null ? null : new Stmt.Assign(name, value, trees.span(ctx));
  }

  /** The dimensions of a shape, or null when the shape or one dimension is incomplete. */
  private List<Expr> dims(ModelParser.ShapeContext ctx) {
    return ctx == null || Trees.real(ctx.LBRACK()) == null ? null : exprs.all(ctx.expr());
  }
}
