package dev.majordomo.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The chain grammar: parses {@code "fast, ollama/qwen3:8b"} into its elements and formats them
 * back.
 *
 * <pre>
 * chain     = element *( "," element )   ; spaces and tabs around elements are ignored
 * element   = name / model-ref
 * name      = ALPHA *( ALPHA / DIGIT / "_" / "-" / "." )
 * model-ref = scheme "/" model-id
 * scheme    = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
 * model-id  = 1*( any character except "," and white space )   ; verbatim
 * </pre>
 *
 * <p>Names and schemes are case-insensitive and stored lower-case; everything after the first
 * {@code /} of an element is the model id, untouched. Control characters are refused in model ids
 * as well. Pure Java with no dependencies: the annotation processor calls it at compile time.
 */
public final class ChainSyntax {
  private ChainSyntax() {}

  /**
   * The elements of {@code chain}, in order.
   *
   * @throws ChainSyntaxException if {@code chain} is null, empty, or breaks the grammar; the
   *     exception carries the index of the first problem
   */
  public static List<ChainElement> parse(String chain) {
    if (chain == null) {
      throw new ChainSyntaxException(null, 0, null, "the chain is null");
    }
    if (chain.isBlank()) {
      throw new ChainSyntaxException(chain, 0, null, "the chain is empty");
    }
    List<ChainElement> elements = new ArrayList<>();
    int start = 0;
    while (true) {
      int comma = chain.indexOf(',', start);
      int end = comma < 0 ? chain.length() : comma;
      elements.add(element(chain, start, end));
      if (comma < 0) {
        return List.copyOf(elements);
      }
      start = comma + 1;
    }
  }

  /**
   * The chain text of {@code elements}, joined with {@code ","}; {@code parse(format(x))} equals
   * {@code x}.
   *
   * @throws ChainSyntaxException if {@code elements} is empty
   */
  public static String format(List<ChainElement> elements) {
    Objects.requireNonNull(elements, "elements");
    if (elements.isEmpty()) {
      throw new ChainSyntaxException("", 0, null, "a chain needs at least one element");
    }
    StringBuilder s = new StringBuilder();
    for (ChainElement element : elements) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(Objects.requireNonNull(element, "element"));
    }
    return s.toString();
  }

  private static ChainElement element(String chain, int start, int end) {
    int s = start;
    while (s < end && isBlank(chain.charAt(s))) {
      s++;
    }
    int e = end;
    while (e > s && isBlank(chain.charAt(e - 1))) {
      e--;
    }
    if (s == e) {
      // The index is where the element would begin: right after the preceding comma.
      throw new ChainSyntaxException(
          chain, start, "", "empty element (look for a doubled, leading or trailing \",\")");
    }
    String text = chain.substring(s, e);
    int slash = text.indexOf('/');
    if (slash < 0) {
      checkName(chain, s, e);
      return new ChainElement.Name(text);
    }
    checkModelRef(chain, s, e, slash);
    return new ChainElement.ModelRef(text.substring(0, slash), text.substring(slash + 1));
  }

  /** Checks that {@code chain[s, e)} is a name; indices in the error refer to {@code chain}. */
  static void checkName(String chain, int s, int e) {
    String element = chain.substring(s, e);
    if (s == e) {
      throw new ChainSyntaxException(chain, s, element, "a name cannot be empty");
    }
    for (int i = s; i < e; ) {
      int cp = chain.codePointAt(i);
      if (isWhiteSpace(cp)) {
        throw whiteSpace(chain, i, cp, element);
      }
      if (i == s && !isAsciiLetter(cp)) {
        throw new ChainSyntaxException(
            chain,
            i,
            element,
            "name "
                + ChainSyntaxException.quote(element)
                + " must start with a letter, not "
                + show(cp));
      }
      if (!(isAsciiLetter(cp) || isDigit(cp) || cp == '_' || cp == '-' || cp == '.')) {
        throw new ChainSyntaxException(
            chain,
            i,
            element,
            "illegal character "
                + show(cp)
                + " in name "
                + ChainSyntaxException.quote(element)
                + " (a name holds letters, digits, \"_\", \"-\" and \".\")");
      }
      i += Character.charCount(cp);
    }
  }

  /**
   * Checks that {@code chain[s, e)} is a model reference whose {@code /} is at {@code s + slash};
   * indices in the error refer to {@code chain}.
   */
  static void checkModelRef(String chain, int s, int e, int slash) {
    String element = chain.substring(s, e);
    String quoted = ChainSyntaxException.quote(element);
    int idStart = s + slash + 1;
    if (slash == 0) {
      throw new ChainSyntaxException(
          chain, s, element, "model reference " + quoted + " has no scheme before \"/\"");
    }
    for (int i = s; i < idStart - 1; ) {
      int cp = chain.codePointAt(i);
      if (isWhiteSpace(cp)) {
        throw whiteSpace(chain, i, cp, element);
      }
      if (i == s && !isAsciiLetter(cp)) {
        throw new ChainSyntaxException(
            chain,
            i,
            element,
            "the scheme of model reference "
                + quoted
                + " must start with a letter, not "
                + show(cp));
      }
      if (!(isAsciiLetter(cp) || isDigit(cp) || cp == '+' || cp == '-' || cp == '.')) {
        throw new ChainSyntaxException(
            chain,
            i,
            element,
            "illegal character "
                + show(cp)
                + " in the scheme of model reference "
                + quoted
                + " (a scheme holds letters, digits, \"+\", \"-\" and \".\")");
      }
      i += Character.charCount(cp);
    }
    if (idStart == e) {
      throw new ChainSyntaxException(
          chain, idStart, element, "model reference " + quoted + " has no model id after \"/\"");
    }
    for (int i = idStart; i < e; ) {
      int cp = chain.codePointAt(i);
      if (isWhiteSpace(cp)) {
        throw whiteSpace(chain, i, cp, element);
      }
      if (cp == ',' || Character.isISOControl(cp)) {
        throw new ChainSyntaxException(
            chain, i, element, "illegal character " + show(cp) + " in the model id of " + quoted);
      }
      i += Character.charCount(cp);
    }
  }

  static String lowerCase(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  private static ChainSyntaxException whiteSpace(String chain, int index, int cp, String element) {
    return new ChainSyntaxException(
        chain,
        index,
        element,
        "white space " + show(cp) + " in element " + ChainSyntaxException.quote(element));
  }

  /** {@code 'x' (U+0078)}, or just the code point and its name for invisible characters. */
  private static String show(int cp) {
    String code = String.format("U+%04X", cp);
    String name = Character.getName(cp);
    if (isWhiteSpace(cp)
        || Character.isISOControl(cp)
        || Character.getType(cp) == Character.FORMAT) {
      return "(" + code + (name == null ? "" : " " + name) + ")";
    }
    return "'" + new String(Character.toChars(cp)) + "' (" + code + ")";
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isWhiteSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  private static boolean isAsciiLetter(int cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }

  private static boolean isDigit(int cp) {
    return cp >= '0' && cp <= '9';
  }
}
