package dev.majordomo.provider.compatible;

/**
 * DeepSeek, scheme {@code deepseek}: {@code https://api.deepseek.com/v1}, token from the DSN or
 * {@code DEEPSEEK_API_KEY}. Text only and no JSON schema: a chain skips it for images or structured
 * output; never sent a seed.
 */
public final class DeepSeekProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public DeepSeekProvider() {
    super(CompatibleSchemes.deepseek());
  }
}
