package dev.majordomo.provider.compatible;

/**
 * OpenRouter, scheme {@code openrouter}: {@code https://openrouter.ai/api/v1}, token from the DSN
 * or {@code OPENROUTER_API_KEY}; the DSN parameters {@code referer} and {@code title} are sent as
 * {@code HTTP-Referer} and {@code X-Title}. Capabilities are unknown: it routes to any vendor's
 * model.
 */
public final class OpenRouterProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public OpenRouterProvider() {
    super(CompatibleSchemes.openrouter());
  }
}
