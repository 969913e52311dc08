package dev.majordomo.processor;

import java.util.Collection;
import java.util.Locale;

/** Small helpers for names: "did you mean" suggestions and constant names. */
final class Names {
  private Names() {}

  /** " Did you mean 'x'?" for the closest candidate, or "" when none is close enough. */
  static String suggestion(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = levenshtein(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    // short names tolerate one typo, longer ones about one per three characters
    int shorter = Math.min(name.length(), best == null ? 0 : best.length());
    int allowed = shorter <= 3 ? 1 : Math.max(2, shorter / 3);
    return best != null && bestDistance <= allowed ? " Did you mean '" + best + "'?" : "";
  }

  static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  /** {@code planTrip} → {@code PLAN_TRIP}. */
  static String constant(String camel) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
        s.append('_');
      }
      s.append(Character.isJavaIdentifierPart(c) ? Character.toUpperCase(c) : '_');
    }
    return s.toString();
  }

  /** {@code PlanTrip} → {@code planTrip}. */
  static String lowerCamel(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  static String quoteList(Collection<String> names) {
    if (names.isEmpty()) {
      return "(none)";
    }
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }
}
