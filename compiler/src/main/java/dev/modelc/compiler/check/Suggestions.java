package dev.modelc.compiler.check;

import java.util.Collection;

/** "Did you mean" for misspelled names: the nearest candidate by edit distance, if near enough. */
final class Suggestions {
  private Suggestions() {}

  /** The candidate closest to {@code name}, or null when none is within a third of its length (at least 1, at most 3 edits). */
  static String nearest(String name, Collection<String> candidates) {
    int limit = Math.min(3, Math.max(1, name.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(name.toLowerCase(), candidate.toLowerCase());
      // A suggestion must keep something of the name: 'W' is not a misspelling of 'x'.
      if (d <= limit && d < Math.max(name.length(), candidate.length()) && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance, with a transposition of neighbours counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
