package dev.majordomo.provider.compatible;

/**
 * LM Studio's local server, scheme {@code lmstudio}: {@code http://localhost:1234/v1}, no token;
 * without a model id, the first one the server lists is used.
 */
public final class LmStudioProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public LmStudioProvider() {
    super(CompatibleSchemes.lmstudio());
  }
}
