package dev.majordomo.provider.compatible;

/**
 * A vLLM server, scheme {@code vllm}: {@code http://localhost:8000/v1}, no token needed (the DSN or
 * {@code VLLM_API_KEY} gives one for a server started with {@code --api-key}); without a model id,
 * the first one the server lists is used.
 */
public final class VllmProvider extends DelegatingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public VllmProvider() {
    super(CompatibleSchemes.vllm());
  }
}
