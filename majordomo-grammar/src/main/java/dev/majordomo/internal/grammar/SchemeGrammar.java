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
   *
   * @param text the text
   * @param start the first index of the range
   * @param end the index after the range
   * @return the index, or -1
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

  /**
   * Whether all of {@code text} is a scheme.
   *
   * @param text the text
   * @return whether it is a scheme
   */
  public static boolean isScheme(CharSequence text) {
    return firstIllegal(text, 0, text.length()) < 0;
  }

  /**
   * The index of the {@code :} that ends a scheme at the start of {@code text}, after any ASCII
   * white space ({@code " openai:"} gives 7); -1 when {@code text} does not start so. Tells a value
   * that starts like a URI from a chain or a password.
   *
   * @param text the text
   * @return the index of the colon, or -1
   */
  public static int leadingSchemeColon(String text) {
    int start = 0;
    while (start < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(start)) >= 0) {
      start++;
    }
    int colon = text.indexOf(':', start);
    return colon >= 0 && firstIllegal(text, start, colon) < 0 ? colon : -1;
  }

  /**
   * The stored form of a scheme: schemes are case-insensitive.
   *
   * @param scheme the scheme
   * @return the scheme, lower-case
   */
  public static String normalize(String scheme) {
    return scheme.toLowerCase(Locale.ROOT);
  }

  /**
   * {@code scheme} in its stored form, for a scheme given in code.
   *
   * @param scheme the scheme
   * @param what how the message names it, such as {@code "provider scheme"}
   * @return the scheme, lower-case
   * @throws IllegalArgumentException if {@code scheme} is not a scheme
   */
  public static String requireScheme(String scheme, String what) {
    if (!isScheme(scheme)) {
      throw new IllegalArgumentException(
          "not a valid " + what + ": '" + scheme + "' (it starts with a letter; " + HOLDS + ")");
    }
    return normalize(scheme);
  }
}
