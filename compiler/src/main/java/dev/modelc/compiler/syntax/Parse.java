package dev.modelc.compiler.syntax;

import dev.modelc.compiler.ast.CompilationUnit;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Messages;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.diag.Span;
import dev.modelc.grammar.ModelLexer;
import dev.modelc.grammar.ModelParser;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/** The syntax stage: a `.nn` file's text in, its AST out, every syntax error as a diagnostic. */
public final class Parse {
  private final SourceFile source;
  private final Diagnostics diagnostics;
  private final Positions positions;
  private TokenChecks checks;

  private Parse(SourceFile source, Diagnostics diagnostics) {
    this.source = source;
    this.diagnostics = diagnostics;
    this.positions = new Positions(source.text());
  }

  /**
   * Lexes and parses {@code source}, reporting every lexical and syntax error to {@code
   * diagnostics}, and returns the AST. Never null: after errors it holds the models and
   * statements that could be understood, so later stages can still report what they find.
   */
  public static CompilationUnit parse(SourceFile source, Diagnostics diagnostics) {
    Parse parse = new Parse(source, diagnostics);
    int errorsBefore = diagnostics.errorCount();
    try {
      return parse.run();
    } catch (StackOverflowError e) {
      // The nesting limit keeps this from happening on an ordinary stack; on a tiny one, report
      // it as the nesting it is, at the deepest point, instead of crashing.
      diagnostics.error(source, parse.deepestPoint(), Messages.nestedTooDeeply());
      return empty(source);
    } catch (RuntimeException e) {
      // The AST builder is written to skip whatever error recovery left incomplete; should some
      // broken tree still defeat it, the errors already reported explain the file. A failure on
      // a file without errors is a bug and is not hidden.
      if (diagnostics.errorCount() == errorsBefore) {
        throw e;
      }
      return empty(source);
    }
  }

  private CompilationUnit run() {
    SyntaxErrorListener listener = new SyntaxErrorListener(source, positions, diagnostics);
    ModelLexer lexer = new ModelLexer(CharStreams.fromString(source.text(), source.name()));
    lexer.removeErrorListeners();
    lexer.addErrorListener(listener);
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();

    checks = TokenChecks.run(tokens.getTokens(), source, positions, diagnostics);
    listener.setTokenChecks(checks);
    if (checks.tooDeep() != null) {
      // Parsing this would recurse as deeply as it nests; one error says all there is to say.
      diagnostics.error(source, positions.of(checks.tooDeep()), Messages.nestedTooDeeply());
      return empty(source);
    }

    ModelParser parser = new ModelParser(tokens);
    parser.setErrorHandler(new RecoveryStrategy(positions));
    parser.removeErrorListeners();
    parser.addErrorListener(listener);
    ModelParser.CompilationUnitContext tree = parser.compilationUnit();
    return new AstBuilder(new Trees(source, positions, diagnostics)).build(tree);
  }

  /** Where nesting is deepest, or the start of the file when that is not known. */
  private Span deepestPoint() {
    Token deepest = checks == null ? null : checks.deepest();
    return deepest == null ? positions.at(0, 1) : positions.of(deepest);
  }

  private static CompilationUnit empty(SourceFile source) {
    return new CompilationUnit(source, null, List.of());
  }
}
