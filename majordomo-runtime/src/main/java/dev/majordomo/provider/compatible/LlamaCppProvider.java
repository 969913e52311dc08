package dev.majordomo.provider.compatible;

/**
 * llama.cpp's {@code llama-server}, scheme {@code llamacpp}: {@code http://localhost:8080/v1}, no
 * token needed (the DSN or {@code LLAMA_API_KEY} gives one for a server started with {@code
 * --api-key}); without a model id, the served model is used.
 */
public final class LlamaCppProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public LlamaCppProvider() {
    super(CompatibleSchemes.llamacpp());
  }
}
