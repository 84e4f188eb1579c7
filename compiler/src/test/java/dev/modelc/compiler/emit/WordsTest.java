package dev.modelc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The text searches answer as the regular expressions they stand for, on ordinary and awkward text. */
class WordsTest {
  private static final List<String> TEXTS = List.of(
      "", "h", "h1", "h h1", "xh1", "h1x", "h1_", "_h1", "(h1)", "a.h1", "h1.b", "h12 h1",
      "float[] h1 = work2;", "// é h1", "éh1", "h1é", "h1\u0301", "a\u0301h1", "_\u0301h1", "h1\u0301\u0301",
      "\uD835\uDC00h1", "h1\uD835\uDC00", "\th1\n", "softplus(x)", "Fn.softplus(x)", "xsoftplus(x)", "_softplus(",
      "(softplus(x))", "-softplus(", "softplus (x)", "softplus", "ésoftplus(", "\u0301softplus(", "expf(expf(x))",
      "a.expf(x) + expf(y)", "myexpf(x) + 1");

  @Test
  void containsWordAgreesWithWordBoundaries() {
    for (String text : TEXTS) {
      for (String word : List.of("h", "h1", "h12", "_h1", "softplus", "x")) {
        boolean regex = Pattern.compile("\\b" + word + "\\b").matcher(text).find();
        assertEquals(regex, Words.containsWord(text, word), "'" + word + "' in '" + text + "'");
      }
    }
  }

  @Test
  void namesAreTheMatchesOfTheIdentifierPattern() {
    for (String text : Stream.concat(TEXTS.stream(), Stream.of("next + 0.0f * v", "1.0e-3f * m2", "0x2545F4914F6CDD1DL", "_a1 9b c_", "a2b3")).toList()) {
      List<String> regex = new ArrayList<>();
      Matcher m = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*").matcher(text);
      while (m.find()) {
        regex.add(m.group());
      }
      assertEquals(regex, Words.names(text), text);
    }
  }

  @Test
  void callsUnqualifiedAgreesWithTheLookbehind() {
    for (String text : TEXTS) {
      for (String function : List.of("softplus", "heaviside", "expf")) {
        boolean regex = Pattern.compile("(?<![\\w.])" + function + "\\(").matcher(text).find();
        assertEquals(regex, Words.callsUnqualified(text, function), "'" + function + "(' in '" + text + "'");
      }
    }
  }
}
