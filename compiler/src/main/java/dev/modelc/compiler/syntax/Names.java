package dev.modelc.compiler.syntax;

import dev.modelc.compiler.diag.Messages;
import java.util.Set;

/**
 * The rules a declared name must follow so that it can become a Java identifier in generated code
 * unchanged: not a Java keyword, and not starting with {@code __} or {@code $}, which generated
 * code keeps for its own names.
 */
final class Names {
  /**
   * Every word that Java 17 reserves or gives a meaning in some context (JLS §3.8, §3.9), and the
   * literals {@code true}, {@code false} and {@code null}. Contextual keywords are included too:
   * a field named {@code var} or {@code yield} compiles, but is confusing to read and breaks under
   * some uses, and the generated classes should not depend on which contexts those are.
   */
  private static final Set<String> JAVA_KEYWORDS = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
      "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
      "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
      "long", "native", "new", "package", "private", "protected", "public", "return", "short",
      "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws",
      "transient", "try", "void", "volatile", "while", "_",
      "exports", "module", "non-sealed", "open", "opens", "permits", "provides", "record",
      "requires", "sealed", "to", "transitive", "uses", "var", "with", "yield",
      "true", "false", "null");

  private Names() {}

  static boolean isJavaKeyword(String word) {
    return JAVA_KEYWORDS.contains(word);
  }

  /**
   * Why {@code name} cannot name a model, a value or an argument, or null when it can. Names with
   * {@code $} are lexed as a token of their own and reported once, where they are lexed, whether
   * they are declared or used, so they are not checked again here.
   */
  static String problem(String name) {
    if (isJavaKeyword(name)) {
      return Messages.javaKeywordAsName(name);
    }
    if (name.startsWith("__")) {
      return Messages.reservedNamePrefix("__");
    }
    return null;
  }

  /**
   * Why {@code part} cannot be a segment of a package name, or null when it can. Only Java's own
   * rules apply here: the grammar already limits segments to identifiers, and a name containing
   * {@code $} is reported where it is lexed.
   */
  static String packagePartProblem(String part) {
    return isJavaKeyword(part) ? Messages.javaKeywordAsName(part) : null;
  }
}
