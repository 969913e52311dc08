package dev.majordomo.provider.compatible;

/**
 * Groq, scheme {@code groq}: {@code https://api.groq.com/openai/v1}, token from the DSN or {@code
 * GROQ_API_KEY}. Only the {@code openai/gpt-oss-} models are known to take strict structured
 * output; a chain skips the others for a schema.
 */
public final class GroqProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public GroqProvider() {
    super(CompatibleSchemes.groq());
  }
}
