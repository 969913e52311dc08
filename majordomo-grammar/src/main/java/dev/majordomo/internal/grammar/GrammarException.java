package dev.majordomo.internal.grammar;

/**
 * Text that breaks a grammar rule: what is wrong, the text, the element at fault and the 0-based
 * index of the problem. Callers convert it to their own error (the runtime's {@code
 * ChainSyntaxException}, a compile error in the processor); it never leaves the library.
 */
public final class GrammarException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the text as given, or null
   */
  private final String text;

  /**
   * @serial the index of the problem
   */
  private final int index;

  /**
   * @serial the offending element, or null
   */
  private final String element;

  /**
   * @serial what is wrong
   */
  private final String problem;

  /**
   * @param text the text as given, or {@code null} when the text itself was null
   * @param index the 0-based character index of the problem in {@code text}
   * @param element the offending element, {@code ""} for an empty one, {@code null} when the text
   *     as a whole is at fault
   * @param problem what is wrong, in one line, without the position
   */
  public GrammarException(String text, int index, String element, String problem) {
    super(problem + " at index " + index);
    this.text = text;
    this.index = index;
    this.element = element;
    this.problem = problem;
  }

  /** {@return the text as given, or {@code null} when the text itself was null} */
  public String text() {
    return text;
  }

  /**
   * {@return the 0-based character index of the problem in {@link #text()}}; in {@code [0,
   * length]}.
   */
  public int index() {
    return index;
  }

  /**
   * {@return the offending element}; {@code ""} for an empty one; {@code null} for the whole text.
   */
  public String element() {
    return element;
  }

  /** {@return what is wrong, in one line, without the position} */
  public String problem() {
    return problem;
  }
}
