package dev.majordomo.internal.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chain grammar:
 *
 * <pre>
 * chain     = element *( "," element )   ; spaces and tabs around elements are ignored
 * element   = name / model-ref
 * name      = ALPHA *( ALPHA / DIGIT / "_" / "-" / "." )
 * model-ref = scheme "/" model-id        ; scheme: see SchemeGrammar
 * model-id  = 1*( any character except "," and white space )   ; verbatim
 * </pre>
 *
 * <p>Names and schemes are case-insensitive and returned lower-case; everything after the first
 * {@code /} of an element is the model id, untouched. Control characters are refused in model ids
 * as well. Every error is a {@link GrammarException} whose index points into the text checked.
 */
public final class ChainGrammar {
  private ChainGrammar() {}

  /**
   * The elements of {@code chain}, in order.
   *
   * @param chain the chain text
   * @return the elements
   * @throws GrammarException if {@code chain} is null, empty, or breaks the grammar
   */
  public static List<ParsedElement> parse(String chain) {
    if (chain == null) {
      throw new GrammarException(null, 0, null, "the chain is null");
    }
    if (chain.isBlank()) {
      throw new GrammarException(chain, 0, null, "the chain is empty");
    }
    List<ParsedElement> elements = new ArrayList<>();
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
   * {@code name} lower-case.
   *
   * @param name the name
   * @return the name, lower-case
   * @throws GrammarException if {@code name} is null or not a name
   */
  public static String name(String name) {
    if (name == null) {
      throw new GrammarException(null, 0, null, "a name cannot be null");
    }
    checkName(name, 0, name.length());
    return lowerCase(name);
  }

  /**
   * {@code scheme} lower-case, after checking that {@code scheme/modelId} is a model reference.
   *
   * @param scheme the scheme
   * @param modelId the model id
   * @return the scheme, lower-case
   * @throws GrammarException if either part is null or breaks the grammar; indices refer to {@code
   *     scheme + "/" + modelId}
   */
  public static String modelRefScheme(String scheme, String modelId) {
    if (scheme == null || modelId == null) {
      throw new GrammarException(
          null, 0, null, "a model reference needs a scheme and a model id, not null");
    }
    String text = scheme + "/" + modelId;
    if (scheme.indexOf('/') >= 0) {
      throw new GrammarException(
          text,
          scheme.indexOf('/'),
          text,
          "illegal character '/' in scheme of model reference " + Characters.quote(text));
    }
    checkModelRef(text, 0, text.length(), scheme.length());
    return SchemeGrammar.normalize(scheme);
  }

  private static ParsedElement element(String chain, int start, int end) {
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
      throw new GrammarException(
          chain, start, "", "empty element (look for a doubled, leading or trailing \",\")");
    }
    String text = chain.substring(s, e);
    int slash = text.indexOf('/');
    if (slash < 0) {
      checkName(chain, s, e);
      return new ParsedElement.Name(lowerCase(text));
    }
    checkModelRef(chain, s, e, slash);
    return new ParsedElement.ModelRef(
        SchemeGrammar.normalize(text.substring(0, slash)), text.substring(slash + 1));
  }

  /** Checks that {@code chain[s, e)} is a name; indices in the error refer to {@code chain}. */
  private static void checkName(String chain, int s, int e) {
    String element = chain.substring(s, e);
    if (s == e) {
      throw new GrammarException(chain, s, element, "a name cannot be empty");
    }
    for (int i = s; i < e; ) {
      int cp = chain.codePointAt(i);
      if (Characters.isWhiteSpace(cp)) {
        throw whiteSpace(chain, i, cp, element);
      }
      if (i == s && !Characters.isAsciiLetter(cp)) {
        throw new GrammarException(
            chain,
            i,
            element,
            "name "
                + Characters.quote(element)
                + " must start with a letter, not "
                + Characters.describe(cp));
      }
      if (!(Characters.isAsciiLetter(cp)
          || Characters.isAsciiDigit(cp)
          || cp == '_'
          || cp == '-'
          || cp == '.')) {
        throw new GrammarException(
            chain,
            i,
            element,
            "illegal character "
                + Characters.describe(cp)
                + " in name "
                + Characters.quote(element)
                + " (a name holds letters, digits, \"_\", \"-\" and \".\")");
      }
      i += Character.charCount(cp);
    }
  }

  /**
   * Checks that {@code chain[s, e)} is a model reference whose {@code /} is at {@code s + slash};
   * indices in the error refer to {@code chain}.
   */
  private static void checkModelRef(String chain, int s, int e, int slash) {
    String element = chain.substring(s, e);
    String quoted = Characters.quote(element);
    int idStart = s + slash + 1;
    if (slash == 0) {
      throw new GrammarException(
          chain, s, element, "model reference " + quoted + " has no scheme before \"/\"");
    }
    int bad = SchemeGrammar.firstIllegal(chain, s, idStart - 1);
    if (bad >= 0) {
      int cp = chain.codePointAt(bad);
      if (Characters.isWhiteSpace(cp)) {
        throw whiteSpace(chain, bad, cp, element);
      }
      throw new GrammarException(
          chain,
          bad,
          element,
          bad == s
              ? "the scheme of model reference "
                  + quoted
                  + " must start with a letter, not "
                  + Characters.describe(cp)
              : "illegal character "
                  + Characters.describe(cp)
                  + " in the scheme of model reference "
                  + quoted
                  + " ("
                  + SchemeGrammar.HOLDS
                  + ")");
    }
    if (idStart == e) {
      throw new GrammarException(
          chain, idStart, element, "model reference " + quoted + " has no model id after \"/\"");
    }
    for (int i = idStart; i < e; ) {
      int cp = chain.codePointAt(i);
      if (Characters.isWhiteSpace(cp)) {
        throw whiteSpace(chain, i, cp, element);
      }
      if (cp == ',' || Character.isISOControl(cp)) {
        throw new GrammarException(
            chain,
            i,
            element,
            "illegal character " + Characters.describe(cp) + " in the model id of " + quoted);
      }
      i += Character.charCount(cp);
    }
  }

  private static GrammarException whiteSpace(String chain, int index, int cp, String element) {
    return new GrammarException(
        chain,
        index,
        element,
        "white space " + Characters.describe(cp) + " in element " + Characters.quote(element));
  }

  private static String lowerCase(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
