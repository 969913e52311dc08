package dev.majordomo.media;

import dev.majordomo.MajordomoException;

/** An image that cannot be read, recognised, or sent. */
public class ImageException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
