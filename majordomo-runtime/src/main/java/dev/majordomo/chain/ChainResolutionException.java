package dev.majordomo.chain;

import dev.majordomo.MajordomoException;

/**
 * A chain that parses but cannot be resolved: an unknown name, an alias cycle, a scheme with no
 * provider. The message names the chain, the element and where the registry looked.
 */
public class ChainResolutionException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  public ChainResolutionException(String message) {
    super(message);
  }

  public ChainResolutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
