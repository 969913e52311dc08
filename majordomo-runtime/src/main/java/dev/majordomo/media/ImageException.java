package dev.majordomo.media;

import dev.majordomo.MajordomoException;

/** An image that cannot be read, recognised, or sent. */
public class ImageException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the image
   */
  public ImageException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong with the image
   * @param cause the underlying error
   */
  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
