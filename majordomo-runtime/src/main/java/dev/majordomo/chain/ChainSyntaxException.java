package dev.majordomo.chain;

import dev.majordomo.MajordomoException;
import dev.majordomo.internal.grammar.GrammarException;

/**
 * A chain that does not follow the chain grammar. It says what is wrong, quotes the element, and
 * points at the 0-based character index of the problem in the original chain text:
 *
 * <pre>
 * white space (U+0020 SPACE) in element "fast mini" at index 4
 *   fast mini,thinking
 *       ^
 * </pre>
 *
 * <p>The annotation processor reports the same text as a compile error on the annotation value.
 */
public final class ChainSyntaxException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the chain text as given, or null
   */
  private final String chain;

  /**
   * @serial the index of the problem in the chain
   */
  private final int index;

  /**
   * @serial the offending element, or null
   */
  private final String element;

  /**
   * @serial what is wrong, without the position
   */
  private final String problem;

  ChainSyntaxException(String chain, int index, String element, String problem) {
    super(render(chain, index, element, problem));
    this.chain = chain;
    this.index = index;
    this.element = element;
    this.problem = problem;
  }

  /**
   * {@return the 0-based character index of the problem in {@link #chain()}}; in {@code [0,
   * length]}.
   */
  public int index() {
    return index;
  }

  /** {@return the chain text exactly as given, or {@code null} when the chain itself was null} */
  public String chain() {
    return chain;
  }

  /**
   * {@return the offending element with the spaces and tabs around it removed}; {@code ""} for an
   * empty element; {@code null} when the problem is the chain as a whole (null or empty).
   */
  public String element() {
    return element;
  }

  /**
   * {@return what is wrong, in one line, without the position}: for example {@code white space
   * (U+0020 SPACE) in element "fast mini"}. {@link #getMessage()} adds the index and a caret line.
   */
  public String problem() {
    return problem;
  }

  /** The same error as {@code e}, which the shared grammar reported. */
  static ChainSyntaxException from(GrammarException e) {
    return new ChainSyntaxException(e.text(), e.index(), e.element(), e.problem());
  }

  private static String render(String chain, int index, String element, String problem) {
    StringBuilder s = new StringBuilder(problem).append(" at index ").append(index);
    if (chain != null && !chain.isEmpty()) {
      StringBuilder line = new StringBuilder();
      int column = 0;
      for (int i = 0; i < chain.length(); ) {
        int cp = chain.codePointAt(i);
        // One column per code point keeps the caret under the right character: white space and
        // control characters other than a plain space are shown as a space.
        boolean plain = cp == ' ' || !(Character.isWhitespace(cp) || Character.isISOControl(cp));
        line.appendCodePoint(plain ? cp : ' ');
        if (i < index) {
          column++;
        }
        i += Character.charCount(cp);
      }
      s.append("\n  ").append(line).append("\n  ").append(" ".repeat(column)).append('^');
    }
    return s.toString();
  }
}
