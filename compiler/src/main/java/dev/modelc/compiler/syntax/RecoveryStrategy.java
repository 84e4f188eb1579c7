package dev.modelc.compiler.syntax;

import dev.modelc.grammar.ModelParser;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's default recovery (single-token insertion and deletion, then resynchronization), with
 * statement-level resynchronization as javac does it. The default resynchronizes on any token
 * that could follow the rule that failed; since most statements begin with a name, that is
 * almost any word, and the rest of a broken statement gets parsed as new, equally broken
 * statements. Here a broken statement is skipped up to its {@code ';'} (or the end of the block),
 * and parsing resumes with the next one. A {@code model} is never skipped: it can only begin the
 * next model, so a model body that reaches it is missing its {@code '}'}.
 */
final class RecoveryStrategy extends DefaultErrorStrategy {
  private final Positions positions;

  RecoveryStrategy(Positions positions) {
    this.positions = positions;
  }

  /**
   * Skips the rest of a broken statement, when the error happened inside one. A rule nested in
   * the statement passes the error up (each rule's handler records it in its context, and reports
   * nothing more, the parser being in recovery mode), so that no rule goes on parsing after the
   * skip; the statement's own rule does the skipping.
   */
  @Override
  public void recover(Parser recognizer, RecognitionException e) {
    ParserRuleContext ctx = recognizer.getContext();
    if (!insideStatement(ctx)) {
      super.recover(recognizer, e);
      return;
    }
    if (!(ctx instanceof ModelParser.StatementContext
        || ctx instanceof ModelParser.TrainStatementContext)) {
      throw e;
    }
    // A statement complete but for its ';' at the end of a line, followed by a line that cannot
    // begin a statement: the ';' was reported missing, and the next line is a separate mistake,
    // reported when the block's loop meets it.
    if (e instanceof InputMismatchException && startsLine(recognizer)
        && getExpectedTokens(recognizer).contains(ModelParser.SEMI)) {
      endErrorCondition(recognizer);
      return;
    }
    // As the default does: if an error is reported twice at the same place, move on by one
    // token so that recovery cannot loop.
    TokenStream input = recognizer.getInputStream();
    if (lastErrorIndex == input.index() && lastErrorStates != null
        && lastErrorStates.contains(recognizer.getState())) {
      recognizer.consume();
    }
    lastErrorIndex = input.index();
    if (lastErrorStates == null) {
      lastErrorStates = new IntervalSet();
    }
    lastErrorStates.add(recognizer.getState());
    int start = input.index();
    skipStatement(recognizer);
    // Past the statement's ';' the parser is back in step, so an error in the next statement is
    // a new error and is reported (the default stays silent until a token has been matched).
    if (input.index() > start && input.LA(-1) == ModelParser.SEMI) {
      endErrorCondition(recognizer);
    }
  }

  /**
   * In a block's list of statements, skips tokens that cannot begin a statement, one statement at
   * a time, reporting each such statement at its first token; elsewhere, the default.
   */
  @Override
  public void sync(Parser recognizer) throws RecognitionException {
    ParserRuleContext ctx = recognizer.getContext();
    if (ctx instanceof ModelParser.ModelDeclContext || ctx instanceof ModelParser.TrainBlockContext) {
      IntervalSet expected = recognizer.getExpectedTokens();
      if (expected.contains(ModelParser.RBRACE)) {
        while (!expected.contains(lookahead(recognizer)) && !stopsSkipping(lookahead(recognizer))) {
          reportUnwantedToken(recognizer);
          skipStatement(recognizer);
          if (recognizer.getInputStream().LA(-1) == ModelParser.SEMI) {
            endErrorCondition(recognizer);
          }
        }
        return;
      }
    }
    // A token that fits no further here but may follow an enclosing rule ends this rule early;
    // the default would report it as unwanted without consuming it. Leaving it to the match that
    // follows gives the precise message (`package a.b` then `model`: "expected ';'").
    // The tokens the current state can match next are a subset of those expected, and cheap to
    // look up (the ATN caches them); a token among them fits, which is almost always so.
    int next = lookahead(recognizer);
    ATN atn = recognizer.getATN();
    boolean fits = atn.nextTokens(atn.states.get(recognizer.getState())).contains(next);
    if (!fits && !inErrorRecoveryMode(recognizer) && !recognizer.getExpectedTokens().contains(next)
        && getErrorRecoverySet(recognizer).contains(next)) {
      return;
    }
    super.sync(recognizer);
  }

  /**
   * Takes a token as forgotten only where one is usually forgotten: a {@code ';'} at the end of
   * a line. In {@code x = a b;} the {@code b} is not the start of a new statement.
   */
  @Override
  protected boolean singleTokenInsertion(Parser recognizer) {
    Token current = recognizer.getCurrentToken();
    boolean semicolon = getExpectedTokens(recognizer).contains(ModelParser.SEMI);
    if (semicolon && current.getType() != Token.EOF && current.getType() != ModelParser.RBRACE
        && !startsLine(recognizer)) {
      return false;
    }
    if (!super.singleTokenInsertion(recognizer)) {
      return false;
    }
    // With the ';' supplied the parser is in step again, so the next statement's errors are
    // reported rather than taken for consequences of this one.
    if (semicolon) {
      endErrorCondition(recognizer);
    }
    return true;
  }

  /**
   * Drops a stray token, but not one that ends a statement or block (dropping it makes the parser
   * read the next statement as the rest of this one), and not one that begins a line, which more
   * likely begins the next statement after a forgotten {@code ';'}.
   */
  @Override
  protected Token singleTokenDeletion(Parser recognizer) {
    int next = lookahead(recognizer);
    if (next == ModelParser.SEMI || next == ModelParser.RBRACE || startsLine(recognizer)) {
      return null;
    }
    return super.singleTokenDeletion(recognizer);
  }

  /** Whether the current token is on a later line than the token before it. */
  private boolean startsLine(Parser recognizer) {
    Token previous = recognizer.getInputStream().LT(-1);
    return previous != null
        && positions.line(recognizer.getCurrentToken()) > positions.line(previous);
  }

  private static boolean insideStatement(ParserRuleContext ctx) {
    for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
      if (c instanceof ModelParser.StatementContext
          || c instanceof ModelParser.TrainStatementContext) {
        return true;
      }
    }
    return false;
  }

  private static int lookahead(Parser recognizer) {
    return recognizer.getInputStream().LA(1);
  }

  /** The tokens that a skip never consumes: they end the file or begin a model. */
  private static boolean stopsSkipping(int type) {
    return type == Token.EOF || type == ModelParser.MODEL;
  }

  /**
   * Consumes the rest of a statement: up to and including its {@code ';'}, or up to the
   * {@code '}'} that closes the enclosing block. A block opened on the way (as in a misspelt
   * {@code trian { … }}) is skipped whole.
   */
  private static void skipStatement(Parser recognizer) {
    int depth = 0;
    while (!stopsSkipping(lookahead(recognizer))) {
      int type = lookahead(recognizer);
      if (type == ModelParser.RBRACE) {
        if (depth == 0) {
          return;
        }
        recognizer.consume();
        if (--depth == 0) {
          return;
        }
        continue;
      }
      recognizer.consume();
      if (type == ModelParser.LBRACE) {
        depth++;
      } else if (type == ModelParser.SEMI && depth == 0) {
        return;
      }
    }
  }
}
