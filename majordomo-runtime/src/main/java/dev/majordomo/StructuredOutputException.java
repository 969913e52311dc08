package dev.majordomo;

/**
 * The model's reply could not be decoded into the method's return type, even after one retry that
 * showed the model the error. The cause is the last decoding error; the first one is suppressed.
 */
public final class StructuredOutputException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the full text of the last reply
   */
  private final String rawText;

  /**
   * Creates the exception.
   *
   * @param message what could not be decoded
   * @param rawText the full text of the last reply
   * @param cause the last decoding error
   */
  public StructuredOutputException(String message, String rawText, Throwable cause) {
    super(message, cause);
    this.rawText = rawText;
  }

  /** {@return the full text of the last reply, exactly as the model produced it} */
  public String rawText() {
    return rawText;
  }
}
