package dev.majordomo;

/**
 * The root of every exception Majordomo throws. Unchecked, so that an assistant interface reads
 * like a plain Java interface.
 */
public class MajordomoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong; never a token
   */
  public MajordomoException(String message) {
    super(message);
  }

  /**
   * Creates an exception with its cause.
   *
   * @param message what went wrong; never a token
   * @param cause the underlying error
   */
  public MajordomoException(String message, Throwable cause) {
    super(message, cause);
  }
}
