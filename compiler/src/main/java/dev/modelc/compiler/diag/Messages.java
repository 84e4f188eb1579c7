package dev.modelc.compiler.diag;

import java.util.List;

/**
 * The wording of every diagnostic, in one place, as named factory methods. Stages call these and
 * never build message strings themselves, so that messages stay consistent and easy to review.
 */
public final class Messages {
  private Messages() {}

  // ---- names -------------------------------------------------------------------------------

  public static String undefined(String name, String suggestion) {
    return suggestion == null
        ? "cannot find '" + name + "'"
        : "cannot find '" + name + "'; did you mean '" + suggestion + "'?";
  }

  public static String duplicate(String name, int firstLine) {
    return "'" + name + "' is already defined on line " + firstLine;
  }

  // ---- shapes ------------------------------------------------------------------------------

  public static String cannotBroadcast(String verb, String a, String b, int dim) {
    return "cannot " + verb + " " + a + " and " + b + ": shapes differ in dimension " + dim;
  }

  public static String joinShape(List<Integer> dims) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < dims.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(dims.get(i));
    }
    return s.append(']').toString();
  }

  // ---- checks ------------------------------------------------------------------------------

  public static String usedBeforeDefinition(String name, int line) {
    return "'" + name + "' is used before it is defined on line " + line;
  }

  public static String notATensor(String name, String what) {
    return "'" + name + "' is " + what + ", not a tensor";
  }

  public static String labelMisused(String name) {
    return "'" + name + "' is a class label; pass it as the target of a loss or metric";
  }

  public static String cannotMultiply(String a, String b, int ka, int kb) {
    return "cannot multiply " + a + " by " + b + ": inner dimensions " + ka + " and " + kb + " differ";
  }

  public static String matmulRank(String shape) {
    return "'@' takes vectors and matrices, not " + shape;
  }

  public static String unknownFunction(String name, String suggestion) {
    return suggestion == null
        ? "unknown function '" + name + "'"
        : "unknown function '" + name + "'; did you mean '" + suggestion + "'?";
  }

  public static String unknownArgument(String function, String name, List<String> names) {
    return "'" + function + "' has no argument '" + name + "'"
        + (names.isEmpty() ? "" : " (it takes " + String.join(", ", names) + ")");
  }

  public static String tooManyArguments(String function, int max) {
    return "'" + function + "' takes at most " + max + " argument" + (max == 1 ? "" : "s");
  }

  public static String missingArgument(String function, String name) {
    return "'" + function + "' needs the argument '" + name + "'";
  }

  public static String repeatedArgument(String function, String name) {
    return "argument '" + name + "' of '" + function + "' is given twice";
  }

  public static String expectedNumber(String what) {
    return what + " must be a constant number";
  }

  public static String expectedInteger(String what) {
    return what + " must be an integer";
  }

  public static String expectedBoolean(String what) {
    return what + " must be true or false";
  }

  public static String mustBePositive(String what, String value) {
    return what + " must be positive, got " + value;
  }

  public static String outOfRange(String what, String value, String range) {
    return what + " must be in " + range + ", got " + value;
  }

  public static String dimensionTooLarge(String detail) {
    return "the shape is too large: " + detail;
  }

  public static String notAVector(String function, String shape) {
    return "'" + function + "' takes a vector, not " + shape;
  }

  public static String needsAxis(String function) {
    return "'" + function + "' needs at least one axis, not a scalar";
  }

  public static String axisOutOfRange(int axis, String shape) {
    return "axis " + axis + " is out of range for " + shape;
  }

  public static String notPerExample(String function) {
    return "'" + function + "' normalizes over the batch, so it needs a value that varies per example";
  }

  public static String notAMatrix(String function, String shape) {
    return "'" + function + "' takes a matrix, not " + shape;
  }

  public static String expectedShapeList() {
    return "the shape must be a list of dimensions, such as [4, 2]";
  }

  public static String cannotReshape(String from, String to) {
    return "cannot reshape " + from + " to " + to + ": the sizes differ";
  }

  public static String cannotConcat(String first, String other) {
    return "cannot concatenate " + first + " and " + other + ": shapes differ after the first dimension";
  }

  public static String needsLabel(String function) {
    return "'" + function + "' needs a class label as its target";
  }

  public static String cannotIndexScalar() {
    return "a scalar has no rows to index or slice";
  }

  public static String indexOutOfRange(long index, String shape) {
    return "index " + index + " is out of range for " + shape;
  }

  public static String emptySlice(long from, long to, String shape) {
    return "the slice " + from + ":" + to + " of " + shape + " is empty";
  }

  public static String lossNotScalar(String shape) {
    return "the loss must be a scalar per example, not " + shape;
  }

  public static String classCountMismatch(String function, int logits, int classes, String label) {
    return "'" + function + "' gets " + logits + " logits but '" + label + "' has " + classes + " classes";
  }

  public static String targetNotLabel(String function) {
    return "'" + function + "' needs a class label or a probability vector as its target";
  }

  public static String layerNotAssigned(String function) {
    return "layer '" + function + "' must be assigned to a name, which names its parameters";
  }

  public static String secondLayer(String function) {
    return "an assignment may hold one layer call; assign '" + function + "' to a name of its own";
  }

  public static String listNotAllowed() {
    return "a list of dimensions is only allowed as the shape of 'reshape'";
  }

  public static String booleanNotAllowed() {
    return "true and false are only allowed as settings";
  }

  public static String notSupportedYet(String what) {
    return what + " is not supported by this version of modelc";
  }

  public static String missingStatement(String model, String statement, String example) {
    return "model '" + model + "' has no " + statement + "; add one, as in '" + example + "'";
  }

  public static String repeatedStatement(String statement, int firstLine) {
    return "a model has one " + statement + "; the first is on line " + firstLine;
  }

  public static String unknownInitializer(String name, String suggestion) {
    return suggestion == null
        ? "unknown initializer '" + name + "'"
        : "unknown initializer '" + name + "'; did you mean '" + suggestion + "'?";
  }

  public static String unknownOptimizer(String name, String suggestion) {
    return suggestion == null
        ? "unknown optimizer '" + name + "'"
        : "unknown optimizer '" + name + "'; did you mean '" + suggestion + "'?";
  }

  public static String unknownSchedule(String name, String suggestion) {
    return suggestion == null
        ? "unknown schedule '" + name + "'"
        : "unknown schedule '" + name + "'; did you mean '" + suggestion + "'?";
  }

  public static String unknownMetric(String name, String suggestion) {
    return suggestion == null
        ? "unknown metric '" + name + "' (metrics are accuracy, mae and rmse)"
        : "unknown metric '" + name + "'; did you mean '" + suggestion + "'?";
  }

  public static String unknownSetting(String name, String suggestion) {
    return suggestion == null
        ? "unknown setting '" + name + "'"
        : "unknown setting '" + name + "'; did you mean '" + suggestion + "'?";
  }

  public static String repeatedSetting(String name, int firstLine) {
    return "'" + name + "' is already set on line " + firstLine;
  }

  public static String unreachableParameter(String name) {
    return "parameter '" + name + "' does not reach the loss; its gradient is always zero";
  }

  public static String invalidUtf8() {
    return "the file is not valid UTF-8 text";
  }

  public static String duplicateModel(String name, int firstLine) {
    return "model '" + name + "' is already defined on line " + firstLine;
  }

  // ---- syntax ------------------------------------------------------------------------------

  /** How an expected identifier is listed in {@link #expected}. */
  public static final String A_NAME = "a name";

  /** How an expected expression is listed in {@link #expected}. */
  public static final String AN_EXPRESSION = "an expression";

  /** How an expected number is listed in {@link #expected}. */
  public static final String A_NUMBER = "a number";

  /** How the end of the file is listed in {@link #expected}. */
  public static final String END_OF_FILE = "end of file";

  /** A token of the language as listed in {@link #expected}: {@code ';'}. */
  public static String token(String text) {
    return "'" + text + "'";
  }

  /** {@code expected ';'}, {@code expected ')' or ','}, {@code expected a name, ':' or ';'}. */
  public static String expected(List<String> alternatives) {
    StringBuilder s = new StringBuilder("expected ");
    for (int i = 0; i < alternatives.size(); i++) {
      if (i > 0) {
        s.append(i == alternatives.size() - 1 ? " or " : ", ");
      }
      s.append(alternatives.get(i));
    }
    return s.toString();
  }

  public static String unexpected(String tokenText) {
    String shown = tokenText.length() > 24 ? tokenText.substring(0, 21) + "..." : tokenText;
    return "unexpected '" + shown + "'";
  }

  public static String endOfFileWhileParsing() {
    return "reached end of file while parsing";
  }

  public static String unterminatedComment() {
    return "unterminated comment";
  }

  /**
   * Printable ASCII is shown as is (a quote or backslash escaped, as in a Java character literal),
   * anything else as Java unicode escapes of its UTF-16 units.
   */
  public static String illegalCharacter(int codePoint) {
    String shown;
    if (codePoint == '\'' || codePoint == '\\') {
      shown = "\\" + (char) codePoint;
    } else if (codePoint > 0x20 && codePoint < 0x7f) {
      shown = Character.toString(codePoint);
    } else {
      StringBuilder escaped = new StringBuilder();
      for (char c : Character.toChars(codePoint)) {
        escaped.append(String.format("\\u%04x", (int) c));
      }
      shown = escaped.toString();
    }
    return "illegal character '" + shown + "'";
  }

  public static String javaKeywordAsName(String name) {
    return "'" + name + "' is a Java keyword and cannot be used as a name";
  }

  /** For names starting with {@code __} or {@code $}, which generated code keeps for itself. */
  public static String reservedNamePrefix(String prefix) {
    return "names starting with '" + prefix + "' are reserved";
  }

  public static String nestedTooDeeply() {
    return "expression nested too deeply";
  }

  public static String positionalAfterNamed() {
    return "positional argument after a named one";
  }
}
