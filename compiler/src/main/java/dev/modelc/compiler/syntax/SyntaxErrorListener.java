package dev.modelc.compiler.syntax;

import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.Span;
import dev.modelc.grammar.ModelParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Replaces ANTLR's console listeners: turns each lexer and parser error into a located
 * diagnostic worded as javac words it. ANTLR reports four kinds of parser error, told apart here
 * by their exception: a missing token (single-token insertion; no exception, message "missing
 * …"), an extraneous token (single-token deletion; no exception), a mismatched token
 * ({@link InputMismatchException}) and no viable alternative ({@link NoViableAltException}).
 */
final class SyntaxErrorListener extends BaseErrorListener {
  /** At most this many alternatives are listed after "expected"; more read as noise. */
  private static final int MAX_LISTED = 3;

  /** Tokens that can stand where a name is wanted, keywords included. */
  private static final IntervalSet NAME_WORDS = IntervalSet.of(ModelParser.ID);

  /** Tokens that can start an expression. */
  private static final IntervalSet EXPRESSION_STARTS = new IntervalSet();

  /**
   * Tokens that continue an expression or a dotted name. After an operand (where {@code '*'}
   * could come) listing them says little: "expected ';'" is what helps.
   */
  private static final IntervalSet CONTINUATIONS = IntervalSet.of(ModelParser.LBRACK);

  static {
    int[] words = {ModelParser.DOLLAR_NAME, ModelParser.INPUT, ModelParser.TARGET,
        ModelParser.PARAM, ModelParser.OUTPUT, ModelParser.LOSS, ModelParser.METRIC,
        ModelParser.TRAIN, ModelParser.INIT, ModelParser.CLASS, ModelParser.OPTIMIZER,
        ModelParser.SCHEDULE, ModelParser.EARLY_STOPPING, ModelParser.BATCH, ModelParser.EPOCHS,
        ModelParser.SEED, ModelParser.SHUFFLE, ModelParser.CLIP_NORM, ModelParser.CLIP_VALUE,
        ModelParser.VALIDATION, ModelParser.TRUE, ModelParser.FALSE, ModelParser.CONST,
        ModelParser.PACKAGE, ModelParser.MODEL};
    for (int word : words) {
      NAME_WORDS.add(word);
    }
    EXPRESSION_STARTS.addAll(NAME_WORDS);
    for (int t : new int[] {ModelParser.NUMBER, ModelParser.LPAREN, ModelParser.LBRACK,
        ModelParser.MINUS}) {
      EXPRESSION_STARTS.add(t);
    }
    for (int t : new int[] {ModelParser.AT, ModelParser.STAR, ModelParser.SLASH,
        ModelParser.PLUS, ModelParser.MINUS, ModelParser.DOT}) {
      CONTINUATIONS.add(t);
    }
  }

  private final SourceFile source;
  private final Positions positions;
  private final Diagnostics diagnostics;
  private final Set<Span> reported = new HashSet<>();
  private TokenChecks tokenChecks;

  SyntaxErrorListener(SourceFile source, Positions positions, Diagnostics diagnostics) {
    this.source = source;
    this.positions = positions;
    this.diagnostics = diagnostics;
  }

  /** Lets the lexical checks' findings silence the parser errors that they already explain. */
  void setTokenChecks(TokenChecks tokenChecks) {
    this.tokenChecks = tokenChecks;
  }

  @Override
  public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
      int charPositionInLine, String msg, RecognitionException e) {
    if (!(recognizer instanceof Parser) || !(offendingSymbol instanceof Token)) {
      lexerError(e);
      return;
    }
    Parser parser = (Parser) recognizer;
    Token offending = (Token) offendingSymbol;
    if (tokenChecks != null && tokenChecks.suppresses(offending)) {
      return;
    }
    if (e == null && msg.startsWith("missing ")) {
      expected(parser, offending, parser.getExpectedTokens(), true);
    } else if (e == null) {
      unexpected(parser, offending);
    } else if (e instanceof InputMismatchException) {
      // The parser's own state, rather than the exception's: ANTLR may fill the exception with
      // what an earlier, optional part of the rule would have taken.
      expected(parser, offending, parser.getExpectedTokens(), false);
    } else if (e instanceof NoViableAltException
        && ((NoViableAltException) e).getStartToken() == e.getOffendingToken()) {
      // The very first token fits no alternative, so what could have started one is known.
      expected(parser, e.getOffendingToken(), e.getExpectedTokens(), false);
    } else {
      unexpected(parser, e.getOffendingToken() != null ? e.getOffendingToken() : offending);
    }
  }

  // The lexer matches every character (see ILLEGAL in the grammar), so this is a safety net.
  private void lexerError(RecognitionException e) {
    if (e instanceof LexerNoViableAltException) {
      LexerNoViableAltException lexerError = (LexerNoViableAltException) e;
      int offset = lexerError.getStartIndex();
      int c = lexerError.getInputStream().size() > offset
          ? lexerError.getInputStream().getText(Interval.of(offset, offset)).codePointAt(0)
          : ' ';
      report(positions.at(offset, 1), Messages.illegalCharacter(c));
    }
  }

  /**
   * {@code expected X}. Like javac, the caret goes just after the previous token when the parser
   * only found out at the next line (or the end of the file) that something was missing, as with
   * a forgotten {@code ';'}; otherwise it goes under the token that does not fit.
   */
  private void expected(Parser parser, Token offending, IntervalSet expected, boolean missing) {
    List<String> listed = describe(expected, parser);
    if (listed == null) {
      unexpected(parser, offending);
      return;
    }
    Token previous = previous(parser.getInputStream(), offending);
    boolean after = previous != null
        && (missing || offending.getType() == Token.EOF
            || positions.line(offending) > positions.line(previous));
    report(after ? positions.after(previous) : positions.of(offending), Messages.expected(listed));
  }

  private void unexpected(Parser parser, Token offending) {
    if (offending.getType() == Token.EOF) {
      Token previous = previous(parser.getInputStream(), offending);
      report(previous != null ? positions.after(previous) : positions.of(offending),
          Messages.endOfFileWhileParsing());
    } else {
      report(positions.of(offending), Messages.unexpected(offending.getText()));
    }
  }

  private void report(Span span, String message) {
    // Recovery can stumble over the same token twice; one report of it is enough.
    if (reported.add(span)) {
      diagnostics.error(source, span, message);
    }
  }

  /** The last token on the parser's channel before {@code token}, or null at the start. */
  private static Token previous(TokenStream tokens, Token token) {
    for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
      Token t = tokens.get(i);
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        return t;
      }
    }
    return null;
  }

  /**
   * The expected tokens as a short list for {@link Messages#expected}, or null when they are
   * too many to be useful. Names and expressions are named as such rather than listed token by
   * token, and after an operand the operators that could continue it are left out.
   */
  private static List<String> describe(IntervalSet expected, Parser parser) {
    Set<Integer> rest = new TreeSet<>(expected.toList());
    List<String> listed = new ArrayList<>();
    if (rest.contains(ModelParser.ID) && rest.contains(ModelParser.NUMBER)
        && rest.contains(ModelParser.LPAREN)) {
      listed.add(Messages.AN_EXPRESSION);
      rest.removeAll(EXPRESSION_STARTS.toList());
    } else if (rest.contains(ModelParser.ID)) {
      listed.add(Messages.A_NAME);
      rest.removeAll(NAME_WORDS.toList());
    }
    if (rest.contains(ModelParser.STAR)) {
      rest.removeAll(CONTINUATIONS.toList());
    }
    for (int type : rest) {
      if (type == Token.EOF) {
        listed.add(Messages.END_OF_FILE);
      } else if (type == ModelParser.NUMBER) {
        listed.add(Messages.A_NUMBER);
      } else {
        // Literal names come quoted, as in "';'".
        String literal = parser.getVocabulary().getLiteralName(type);
        listed.add(literal != null
            ? Messages.token(literal.substring(1, literal.length() - 1))
            : parser.getVocabulary().getDisplayName(type));
      }
    }
    return listed.isEmpty() || listed.size() > MAX_LISTED ? null : listed;
  }
}
