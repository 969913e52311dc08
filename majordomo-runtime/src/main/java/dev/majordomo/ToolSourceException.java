package dev.majordomo;

/**
 * A {@linkplain dev.majordomo.llm.ToolSource tool source} that cannot serve a call: it does not
 * start, it cannot list its tools, it is closed, or an assistant names a source that neither its
 * builder nor its registry has. The message names the source; it never contains a token.
 */
public class ToolSourceException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the source's name
   */
  private final String source;

  /**
   * Creates an exception about {@code source}.
   *
   * @param source the source's name
   * @param message what is wrong
   */
  public ToolSourceException(String source, String message) {
    super(message);
    this.source = source;
  }

  /**
   * Creates an exception about {@code source}, caused by another error.
   *
   * @param source the source's name
   * @param message what is wrong
   * @param cause the error behind it
   */
  public ToolSourceException(String source, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
  }

  /** {@return the name of the tool source at fault} */
  public String source() {
    return source;
  }
}
