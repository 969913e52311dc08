package dev.majordomo;

/**
 * JSON that does not have the shape the Java type needs: a wrong type, a missing field, a number
 * out of range, an unknown enum constant, or text that is not JSON at all. The message and {@link
 * #path()} name where, as a JSON path like {@code $.days[2].city}.
 */
public final class JsonDecodingException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial where in the document the problem is
   */
  private final String path;

  /**
   * Creates the exception.
   *
   * @param path where in the document the problem is, as a JSON path
   * @param message what is wrong
   */
  public JsonDecodingException(String path, String message) {
    super(message);
    this.path = path;
  }

  /**
   * Creates the exception with its cause.
   *
   * @param path where in the document the problem is, as a JSON path
   * @param message what is wrong
   * @param cause the parser's error
   */
  public JsonDecodingException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /**
   * {@return where in the document the problem is, e.g. {@code $.days[2].city}}; {@code $} is the
   * root.
   */
  public String path() {
    return path;
  }
}
