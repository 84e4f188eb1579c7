package dev.modelc.compiler.emit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Searches of generated Java text, a method body or an expression, for names and calls. Each
 * answers as the regular expression in its comment does, by {@code indexOf} and a look at the
 * characters around each occurrence, or by one pass over the characters: a fresh JVM runs the
 * regex engine in its interpreter, and over every body of a class that took longer than building
 * the class.
 */
final class Words {
  private Words() {}

  /** Whether {@code word} occurs in {@code text} as a whole word: {@code \bword\b}. */
  static boolean containsWord(String text, String word) {
    if (!isIdentifier(word)) {
      return Pattern.compile("\\b" + word + "\\b").matcher(text).find();
    }
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      int end = i + word.length();
      char before = i > 0 ? text.charAt(i - 1) : ' ';
      char after = end < text.length() ? text.charAt(end) : ' ';
      if (before >= 0x80 || after >= 0x80) {
        // Next to other characters \b weighs Unicode letters, digits and combining marks: the regex decides.
        return Pattern.compile("\\b" + word + "\\b").matcher(text).find();
      }
      if (!isWordChar(before) && !isWordChar(after)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code text} calls {@code function} unqualified: {@code (?<![\w.])function\(}. */
  static boolean callsUnqualified(String text, String function) {
    String call = function + "(";
    for (int i = text.indexOf(call); i >= 0; i = text.indexOf(call, i + 1)) {
      char before = i > 0 ? text.charAt(i - 1) : ' ';
      if (!isWordChar(before) && before != '.') {
        return true;
      }
    }
    return false;
  }

  /** The names in {@code text}, in order: the matches of {@code [A-Za-z_][A-Za-z_0-9]*}. */
  static List<String> names(String text) {
    List<String> names = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (isWordChar(c) && !(c >= '0' && c <= '9')) {
        int end = i + 1;
        while (end < text.length() && isWordChar(text.charAt(end))) {
          end++;
        }
        names.add(text.substring(i, end));
        i = end;
      } else {
        i++;
      }
    }
    return names;
  }

  /** A character of {@code \w}: an ASCII letter, digit or underscore. */
  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isIdentifier(String word) {
    if (word.isEmpty()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (!isWordChar(word.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
