package dev.majordomo.internal.grammar;

/** How the grammars classify characters, and how messages show one. */
public final class Characters {
  private Characters() {}

  /**
   * {@code 'x' (U+0078)} for a visible character; {@code (U+0020 SPACE)}, the code point and its
   * Unicode name, for white space, control and format characters, which would be invisible or break
   * the message if shown as they are.
   *
   * @param cp the code point
   * @return the description
   */
  public static String describe(int cp) {
    String code = String.format("U+%04X", cp);
    if (isWhiteSpace(cp)
        || Character.isISOControl(cp)
        || Character.getType(cp) == Character.FORMAT
        || Character.getType(cp) == Character.SURROGATE
        || !Character.isDefined(cp)) {
      String name = Character.getName(cp);
      return "(" + code + (name == null ? "" : " " + name) + ")";
    }
    return "'" + new String(Character.toChars(cp)) + "' (" + code + ")";
  }

  /**
   * {@code "text"} with control characters, quotes and backslashes escaped, for quoting an element
   * in a message.
   *
   * @param text the text
   * @return the quoted text
   */
  public static String quote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\t' -> s.append("\\t");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        default -> {
          if (Character.isISOControl(c)) {
            s.append(String.format("\\u%04X", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  /**
   * Java's white space and Unicode's space separators (which include the no-break spaces).
   *
   * @param cp the code point
   * @return whether it belongs to the class
   */
  public static boolean isWhiteSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /**
   * {@code A-Z} and {@code a-z} only: the grammars accept no other letters.
   *
   * @param cp the code point
   * @return whether it belongs to the class
   */
  public static boolean isAsciiLetter(int cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }

  /**
   * {@code 0-9} only.
   *
   * @param cp the code point
   * @return whether it belongs to the class
   */
  public static boolean isAsciiDigit(int cp) {
    return cp >= '0' && cp <= '9';
  }
}
