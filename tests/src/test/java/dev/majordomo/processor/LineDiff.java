package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.List;

/** A unified-style line diff, for failure messages: changed lines with two lines of context. */
final class LineDiff {
  private static final int CONTEXT = 2;

  private LineDiff() {}

  static String of(String expected, String actual) {
    String[] a = expected.split("\n", -1);
    String[] b = actual.split("\n", -1);
    // longest common subsequence, from the end
    int[][] common = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        common[i][j] =
            a[i].equals(b[j])
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> lines = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        lines.add("  " + a[i]);
        i++;
        j++;
      } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
        lines.add("- " + a[i++]);
      } else {
        lines.add("+ " + b[j++]);
      }
    }
    StringBuilder out = new StringBuilder();
    int lastShown = -1;
    for (int k = 0; k < lines.size(); k++) {
      if (!isNearChange(lines, k)) {
        continue;
      }
      if (lastShown >= 0 && k > lastShown + 1) {
        out.append("  ...\n");
      }
      out.append(lines.get(k)).append('\n');
      lastShown = k;
    }
    return out.toString();
  }

  private static boolean isNearChange(List<String> lines, int k) {
    for (int d = Math.max(0, k - CONTEXT); d <= Math.min(lines.size() - 1, k + CONTEXT); d++) {
      if (!lines.get(d).startsWith("  ")) {
        return true;
      }
    }
    return false;
  }
}
