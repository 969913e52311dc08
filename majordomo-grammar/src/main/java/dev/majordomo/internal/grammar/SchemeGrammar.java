package dev.majordomo.internal.grammar;

import java.util.Locale;

/**
 * The scheme that names a provider, in a chain's {@code scheme/model-id} and before a DSN's {@code
 * ://}:
 *
 * <pre>
 * scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )   ; ASCII only, case-insensitive
 * </pre>
 */
public final class SchemeGrammar {
  /** What a scheme may hold, for messages. */
  public static final String HOLDS = "a scheme holds letters, digits, \"+\", \"-\" and \".\"";

  private SchemeGrammar() {}

  /**
   * The index of the first character of {@code text[start, end)} that breaks the rule: {@code
   * start} when the range is empty or does not begin with a letter; {@code -1} when it is a scheme.
   */
  public static int firstIllegal(CharSequence text, int start, int end) {
    if (start >= end) {
      return start;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      boolean legal =
          i == start
              ? Characters.isAsciiLetter(c)
              : Characters.isAsciiLetter(c)
                  || Characters.isAsciiDigit(c)
                  || c == '+'
                  || c == '-'
                  || c == '.';
      if (!legal) {
        return i;
      }
    }
    return -1;
  }

  /** Whether all of {@code text} is a scheme. */
  public static boolean isScheme(CharSequence text) {
    return firstIllegal(text, 0, text.length()) < 0;
  }

  /** The stored form of a scheme: schemes are case-insensitive. */
  public static String normalize(String scheme) {
    return scheme.toLowerCase(Locale.ROOT);
  }
}
