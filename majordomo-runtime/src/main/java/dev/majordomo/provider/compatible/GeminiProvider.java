package dev.majordomo.provider.compatible;

/**
 * Google Gemini's OpenAI-compatible endpoint, scheme {@code gemini}: {@code
 * https://generativelanguage.googleapis.com/v1beta/openai}, token from the DSN or {@code
 * GEMINI_API_KEY}. Gemini models are known to take images, tools and structured output.
 */
public final class GeminiProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public GeminiProvider() {
    super(CompatibleSchemes.gemini());
  }
}
