package dev.modelc.compiler.syntax;

import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.grammar.ModelLexer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * The checks made on the token list before parsing: illegal characters, unterminated comments,
 * names containing {@code $}, and nesting so deep that the recursive parser could overflow its
 * stack. The lexer accepts every input (stray characters become {@code ILLEGAL} tokens off the
 * parser's channel), so these are the only lexical errors.
 */
final class TokenChecks {
  /**
   * How deeply brackets, and runs of unary minus, may nest. Far beyond what any model needs, and
   * well below what overflows the parser and the AST builder on a thread with a 512 KiB stack
   * (half of Java's default for new threads), leaving room for the recursive stages after them.
   */
  static final int MAX_NESTING = 200;

  /** Indexes of tokens that directly follow an illegal character; see {@link #suppresses}. */
  private final Set<Integer> afterIllegal = new HashSet<>();
  private boolean unterminatedComment;
  private Token deepest;
  private Token tooDeep;

  private TokenChecks() {}

  /** Checks {@code tokens} (all channels, ending with EOF) and reports what it finds. */
  static TokenChecks run(List<Token> tokens, SourceFile source, Positions positions,
      Diagnostics diagnostics) {
    TokenChecks checks = new TokenChecks();
    boolean illegalPending = false;
    int depth = 0;
    int maxDepth = 0;
    int minusRun = 0;
    for (Token token : tokens) {
      String text = token.getText();
      switch (token.getType()) {
        case ModelLexer.ILLEGAL:
          diagnostics.error(source, positions.of(token),
              Messages.illegalCharacter(text.codePointAt(0)));
          illegalPending = true;
          continue;
        case ModelLexer.BLOCK_COMMENT:
          if (text.length() < 4 || !text.endsWith("*/")) {
            diagnostics.error(source, positions.at(token.getStartIndex(), 2),
                Messages.unterminatedComment());
            checks.unterminatedComment = true;
          }
          controlCharacters(token, source, positions, diagnostics);
          continue;
        case ModelLexer.LINE_COMMENT:
          controlCharacters(token, source, positions, diagnostics);
          continue;
        case ModelLexer.DOLLAR_NAME:
          dollarName(token, source, positions, diagnostics);
          break;
        default:
          break;
      }
      if (illegalPending) {
        checks.afterIllegal.add(token.getTokenIndex());
        illegalPending = false;
      }
      int type = token.getType();
      if (type == ModelLexer.LPAREN || type == ModelLexer.LBRACK) {
        depth++;
      } else if ((type == ModelLexer.RPAREN || type == ModelLexer.RBRACK) && depth > 0) {
        depth--;
      }
      minusRun = type == ModelLexer.MINUS ? minusRun + 1 : 0;
      int nesting = Math.max(depth, minusRun);
      if (nesting > maxDepth) {
        maxDepth = nesting;
        checks.deepest = token;
      }
      if (nesting > MAX_NESTING && checks.tooDeep == null) {
        checks.tooDeep = token;
      }
    }
    return checks;
  }

  /** The first token nested deeper than {@link #MAX_NESTING}, or null. */
  Token tooDeep() {
    return tooDeep;
  }

  /** The token at the greatest nesting depth, or null when nothing nests. */
  Token deepest() {
    return deepest;
  }

  /**
   * Whether a parser error at {@code token} is a consequence of an error already reported, and
   * so not worth reporting: the token right after an illegal character (which the parser did not
   * see, so its neighbours may no longer fit), or the end of a file cut short by an unterminated
   * comment.
   */
  boolean suppresses(Token token) {
    return afterIllegal.contains(token.getTokenIndex())
        || (unterminatedComment && token.getType() == Token.EOF);
  }

  // Control characters inside comments are reported as well: generated code quotes comments and
  // source lines, and a NUL or escape character has no business in either.
  private static void controlCharacters(Token comment, SourceFile source, Positions positions,
      Diagnostics diagnostics) {
    int offset = comment.getStartIndex();
    String text = comment.getText();
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        diagnostics.error(source, positions.at(offset, 1), Messages.illegalCharacter(c));
      }
      i += Character.charCount(c);
      offset++;
    }
  }

  // `$x` is a name that generated code might clash with; `a$b` simply holds a character that
  // the language does not allow.
  private static void dollarName(Token token, SourceFile source, Positions positions,
      Diagnostics diagnostics) {
    String text = token.getText();
    if (text.startsWith("$") && text.length() > 1) {
      diagnostics.error(source, positions.of(token), Messages.reservedNamePrefix("$"));
    } else {
      int dollar = text.codePointCount(0, text.indexOf('$'));
      diagnostics.error(source, positions.at(token.getStartIndex() + dollar, 1),
          Messages.illegalCharacter('$'));
    }
  }
}
