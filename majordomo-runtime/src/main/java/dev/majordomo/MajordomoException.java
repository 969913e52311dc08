package dev.majordomo;

/**
 * The root of every exception Majordomo throws. Unchecked, so that an assistant interface reads
 * like a plain Java interface.
 */
public class MajordomoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MajordomoException(String message) {
    super(message);
  }

  public MajordomoException(String message, Throwable cause) {
    super(message, cause);
  }
}
