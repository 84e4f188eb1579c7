package dev.modelc.compiler.syntax;

import dev.modelc.compiler.ast.Expr;
import dev.modelc.compiler.ast.Ident;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.grammar.ModelBaseVisitor;
import dev.modelc.grammar.ModelParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.RuleNode;

/**
 * Builds expressions from the parse tree. Every method returns null when a part is missing
 * after a syntax error (already reported), and a null part makes the enclosing node null, so the
 * statement that holds it is left out of the AST.
 */
final class ExprBuilder extends ModelBaseVisitor<Expr> {
  /**
   * How deep an expression tree may be. Parentheses are limited before parsing (see
   * {@link TokenChecks}); this limits what they cannot see, such as a sum of thousands of terms,
   * whose tree is as deep as it is long, so later recursive stages need not guard themselves.
   * Above {@link TokenChecks#MAX_NESTING}, so that every bracket nesting it lets through builds.
   */
  static final int MAX_DEPTH = 256;

  private final Trees trees;
  private int depth;
  private boolean tooDeepReported;

  ExprBuilder(Trees trees) {
    this.trees = trees;
  }

  /** The expression, or null when it is incomplete or too deep (reported). */
  Expr build(ModelParser.ExprContext ctx) {
    if (ctx == null || ctx.exception != null) {
      return null;
    }
    if (depth >= MAX_DEPTH) {
      // Once per outermost expression: every branch below this depth would say the same.
      if (!tooDeepReported) {
        trees.error(trees.span(ctx.getStart()), Messages.nestedTooDeeply());
        tooDeepReported = true;
      }
      return null;
    }
    depth++;
    try {
      return visit(ctx);
    } finally {
      if (--depth == 0) {
        tooDeepReported = false;
      }
    }
  }

  /** {@code f(args)}, or null when incomplete; its span is the function name's. */
  Expr.Call call(ModelParser.CallContext ctx) {
    Ident function = ctx == null || ctx.exception != null ? null : trees.ident(ctx.ident());
    if (function == null || Trees.real(ctx.LPAREN()) == null) {
      return null;
    }
    List<Expr.Arg> args = arguments(ctx.arguments());
    return args == null ? null : new Expr.Call(function, args, function.span());
  }

  /** The arguments of a call; an empty list when there are none, null when one is incomplete. */
  List<Expr.Arg> arguments(ModelParser.ArgumentsContext ctx) {
    List<Expr.Arg> args = new ArrayList<>();
    if (ctx == null) {
      return args;
    }
    if (ctx.exception != null) {
      return null;
    }
    boolean named = false;
    for (ModelParser.ArgumentContext arg : ctx.argument()) {
      if (arg.exception != null) {
        return null;
      }
      Ident name = arg.name() == null ? null : trees.declared(arg.name());
      Expr value = build(arg.expr());
      if ((arg.name() != null && name == null) || value == null) {
        return null;
      }
      Expr.Arg built = new Expr.Arg(name, value, trees.span(arg));
      if (name == null && named) {
        trees.error(built.span(), Messages.positionalAfterNamed());
      }
      named |= name != null;
      args.add(built);
    }
    return args;
  }

  /** Each expression of a list; null when one is incomplete. */
  List<Expr> all(List<ModelParser.ExprContext> contexts) {
    List<Expr> items = new ArrayList<>();
    for (ModelParser.ExprContext item : contexts) {
      Expr built = build(item);
      if (built == null) {
        return null;
      }
      items.add(built);
    }
    return items;
  }

  // Contexts without an alternative of their own are what a failed prediction leaves behind.
  @Override
  public Expr visitChildren(RuleNode node) {
    return null;
  }

  @Override
  public Expr visitIndexExpr(ModelParser.IndexExprContext ctx) {
    Expr target = build(ctx.expr(0));
    Expr index = build(ctx.index);
    Token open = Trees.real(ctx.LBRACK());
    if (target == null || index == null || open == null) {
      return null;
    }
    return new Expr.Index(target, index, trees.span(open, ctx));
  }

  @Override
  public Expr visitSliceExpr(ModelParser.SliceExprContext ctx) {
    Expr target = build(ctx.expr(0));
    Expr from = build(ctx.from);
    Expr to = build(ctx.to);
    Token open = Trees.real(ctx.LBRACK());
    if (target == null || (ctx.from != null && from == null) || (ctx.to != null && to == null)
        || open == null) {
      return null;
    }
    return new Expr.Slice(target, from, to, trees.span(open, ctx));
  }

  @Override
  public Expr visitNegExpr(ModelParser.NegExprContext ctx) {
    Expr operand = build(ctx.expr());
    Token minus = Trees.real(ctx.MINUS());
    return operand == null || minus == null
        ? null
        : new Expr.Neg(operand, trees.span(minus, ctx));
  }

  @Override
  public Expr visitBinaryExpr(ModelParser.BinaryExprContext ctx) {
    Expr left = build(ctx.expr(0));
    Expr right = build(ctx.expr(1));
    Token op = Trees.real(ctx.op);
    if (left == null || right == null || op == null) {
      return null;
    }
    return new Expr.Binary(operator(op), left, right, trees.span(op));
  }

  private static Expr.BinOp operator(Token op) {
    switch (op.getType()) {
      case ModelParser.AT:
        return Expr.BinOp.MATMUL;
      case ModelParser.STAR:
        return Expr.BinOp.MUL;
      case ModelParser.SLASH:
        return Expr.BinOp.DIV;
      case ModelParser.PLUS:
        return Expr.BinOp.ADD;
      default:
        return Expr.BinOp.SUB;
    }
  }

  @Override
  public Expr visitPrimaryExpr(ModelParser.PrimaryExprContext ctx) {
    ModelParser.PrimaryContext primary = ctx.primary();
    return primary == null || primary.exception != null ? null : visit(primary);
  }

  @Override
  public Expr visitNumberLit(ModelParser.NumberLitContext ctx) {
    Token number = Trees.real(ctx.NUMBER());
    if (number == null) {
      return null;
    }
    // The lexer only accepts spellings that Java parses; a huge exponent becomes infinity and
    // is left to the checker, which knows where a finite number is needed.
    return new Expr.Number(Double.parseDouble(number.getText()), number.getText(),
        trees.span(number));
  }

  @Override
  public Expr visitBoolLit(ModelParser.BoolLitContext ctx) {
    Token word = Trees.real(ctx.getStart());
    return word == null ? null : new Expr.Bool(word.getType() == ModelParser.TRUE, trees.span(word));
  }

  @Override
  public Expr visitCallExpr(ModelParser.CallExprContext ctx) {
    return call(ctx.call());
  }

  @Override
  public Expr visitNameRef(ModelParser.NameRefContext ctx) {
    StringBuilder name = new StringBuilder();
    for (ModelParser.IdentContext part : ctx.ident()) {
      Token word = Trees.word(part);
      if (word == null) {
        return null;
      }
      name.append(name.length() == 0 ? "" : ".").append(word.getText());
    }
    return name.length() == 0 ? null : new Expr.Name(name.toString(), trees.span(ctx));
  }

  @Override
  public Expr visitParenExpr(ModelParser.ParenExprContext ctx) {
    return build(ctx.expr());
  }

  @Override
  public Expr visitListLit(ModelParser.ListLitContext ctx) {
    List<Expr> items = all(ctx.expr());
    Token open = Trees.real(ctx.LBRACK());
    return items == null || open == null ? null : new Expr.ListLit(items, trees.span(open, ctx));
  }
}
