package dev.majordomo.llm;

import dev.majordomo.MajordomoException;

/**
 * A model spec a provider cannot open: a missing host or model id, an unknown or malformed
 * parameter, a malformed base URL variable. The message says what is wrong and where, and never
 * contains a token.
 */
public class ProviderConfigException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and where; never a token
   */
  public ProviderConfigException(String message) {
    super(message);
  }
}
