package dev.modelc.compiler.syntax;

import dev.modelc.compiler.diag.Span;
import java.util.Arrays;
import org.antlr.v4.runtime.Token;

/**
 * Turns ANTLR's character offsets into spans. ANTLR counts code points and breaks lines only at
 * {@code '\n'}; this table breaks them where {@link dev.modelc.compiler.diag.SourceFile} does
 * ({@code \n}, {@code \r\n} and a lone {@code \r}), so that a span's line is the line the renderer
 * prints, and its column counts code points, as the renderer's caret does.
 */
final class Positions {
  private final int[] lineStarts;
  private final int length;

  Positions(String text) {
    int[] codePoints = text.codePoints().toArray();
    int[] starts = new int[16];
    int count = 0;
    starts[count++] = 0;
    for (int i = 0; i < codePoints.length; i++) {
      int c = codePoints[i];
      boolean lineEnd = c == '\n'
          || (c == '\r' && (i + 1 == codePoints.length || codePoints[i + 1] != '\n'));
      if (lineEnd) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = i + 1;
      }
    }
    this.lineStarts = Arrays.copyOf(starts, count);
    this.length = codePoints.length;
  }

  /** The span of {@code length} code points starting at a code-point offset. */
  Span at(int offset, int length) {
    int clamped = Math.max(0, Math.min(offset, this.length));
    int line = lineIndex(clamped);
    return new Span(line + 1, clamped - lineStarts[line] + 1, length);
  }

  /** The span of a token as it appears in the text. */
  Span of(Token token) {
    return at(token.getStartIndex(), token.getStopIndex() - token.getStartIndex() + 1);
  }

  /** From the start of {@code first} to the end of {@code last} when both are on one line. */
  Span of(Token first, Token last) {
    if (last == null || last.getStopIndex() < first.getStartIndex()) {
      return of(first);
    }
    return of(first).to(of(last));
  }

  /** The 1-based line on which a token starts. */
  int line(Token token) {
    return lineIndex(Math.max(0, Math.min(token.getStartIndex(), length))) + 1;
  }

  /** The one-character place just after a token, where a missing {@code ';'} belongs. */
  Span after(Token token) {
    return at(token.getStopIndex() + 1, 1);
  }

  private int lineIndex(int offset) {
    int found = Arrays.binarySearch(lineStarts, offset);
    return found >= 0 ? found : -found - 2;
  }
}
