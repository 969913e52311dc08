package dev.majordomo.provider.compatible;

/**
 * Mistral, scheme {@code mistral}: {@code https://api.mistral.ai/v1}, token from the DSN or {@code
 * MISTRAL_API_KEY}; sends {@code max_tokens} and the seed as {@code random_seed}.
 */
public final class MistralProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public MistralProvider() {
    super(CompatibleSchemes.mistral());
  }
}
