package dev.majordomo.chain;

import dev.majordomo.MajordomoException;

/**
 * A chain that parses but cannot be resolved: an unknown name, an alias cycle, a scheme with no
 * provider. The message names the chain, the element and where the registry looked.
 */
public class ChainResolutionException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the chain, the element and where the registry looked
   */
  public ChainResolutionException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message the chain, the element and where the registry looked
   * @param cause the underlying error
   */
  public ChainResolutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
