package dev.modelc.compiler.syntax;

import dev.modelc.compiler.ast.Ident;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * What the AST builders share: the file, its positions, the diagnostics, and safe access to a
 * parse tree that error recovery may have left with missing children, conjured tokens ("missing
 * ';'") and skipped tokens. Every accessor returns null for what is not really there.
 */
final class Trees {
  final SourceFile source;
  final Positions positions;
  final Diagnostics diagnostics;

  Trees(SourceFile source, Positions positions, Diagnostics diagnostics) {
    this.source = source;
    this.positions = positions;
    this.diagnostics = diagnostics;
  }

  /** A token that was really read from the file; null for absent and conjured ones. */
  static Token real(Token token) {
    return token != null && token.getTokenIndex() >= 0 && token.getType() != Token.EOF
        ? token
        : null;
  }

  /** The token of a terminal that was really matched; null for absent and error nodes. */
  static Token real(TerminalNode node) {
    return node == null || node instanceof ErrorNode ? null : real(node.getSymbol());
  }

  /**
   * The single word a rule such as {@code name} or {@code ident} matched, looking through rules
   * that have one child; null when the rule failed to match a word.
   */
  static Token word(ParserRuleContext ctx) {
    ParseTree node = ctx;
    while (node instanceof ParserRuleContext) {
      ParserRuleContext rule = (ParserRuleContext) node;
      if (rule.exception != null || rule.getChildCount() != 1) {
        return null;
      }
      node = rule.getChild(0);
    }
    return node instanceof TerminalNode ? real((TerminalNode) node) : null;
  }

  Span span(Token token) {
    return positions.of(token);
  }

  /** From the rule's first token to its last, or just the first when they are on two lines. */
  Span span(ParserRuleContext ctx) {
    return positions.of(ctx.getStart(), ctx.getStop());
  }

  /** From {@code first} to the end of the rule it opens. */
  Span span(Token first, ParserRuleContext ctx) {
    return positions.of(first, ctx.getStop());
  }

  /** A word used as is (a function name, an initializer): no rules beyond the grammar's. */
  Ident ident(ParserRuleContext ctx) {
    Token token = ctx == null ? null : word(ctx);
    return token == null ? null : new Ident(token.getText(), span(token));
  }

  /**
   * A word that names something the generated Java will contain: a model, a value, a named
   * argument. A name that Java could not take is reported, and still returned, so that the
   * statement stays in the AST and its uses are not reported as undefined too.
   */
  Ident declared(ParserRuleContext ctx) {
    Ident ident = ident(ctx);
    if (ident != null) {
      String problem = Names.problem(ident.text());
      if (problem != null) {
        error(ident.span(), problem);
      }
    }
    return ident;
  }

  void error(Span span, String message) {
    diagnostics.error(source, span, message);
  }
}
