package dev.majordomo.provider.ollama;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import java.util.Set;

/**
 * The {@code ollama} scheme: Ollama's native chat API ({@code POST /api/chat}).
 *
 * <p>Configuration, first match wins:
 *
 * <ul>
 *   <li>Endpoint: the spec's host, port (default 11434, or 443 with {@code tls=true}), {@code tls}
 *       (default false: plain HTTP) and {@code base_path} (default none); else {@code OLLAMA_HOST}
 *       read as the Ollama CLI reads it ({@code host}, {@code host:port}, {@code http://host:port},
 *       {@code https://host}; a bare host gets port 11434, a URL without a port its scheme's
 *       default); else {@code http://localhost:11434}.
 *   <li>Token: optional; when the spec has one (a proxy, or a hosted Ollama) it is sent as {@code
 *       Authorization: Bearer}.
 *   <li>Model: the spec's model id ({@code name:tag}), else {@value #DEFAULT_MODEL}.
 *   <li>Timeout: {@code Options.timeout()} per call, else the spec's {@code timeout}, else the
 *       registry client's call timeout, else {@code Limits.callDeadline} for a whole reply (a
 *       stream: its first-event and idle time-outs), as for every provider.
 * </ul>
 *
 * <p>DSN parameters: {@code keep_alive} (sent as is, e.g. {@code 10m}; how long the server keeps
 * the model loaded) and {@code num_ctx} (the context window, sent in {@code options}).
 *
 * <p>Capabilities come from {@code POST /api/show}, asked lazily the first time they are needed and
 * at most once per model per provider instance, within the caller's time left; if that call fails
 * they stay unknown (which counts as supported) and are asked again after a minute.
 */
public final class OllamaProvider implements Provider {
  /** The scheme this provider serves. */
  public static final String SCHEME = "ollama";

  /** The model used when a spec names none. */
  public static final String DEFAULT_MODEL = "llama3.2";

  private final CapabilityCache capabilities = new CapabilityCache();

  /** For {@link java.util.ServiceLoader}. */
  public OllamaProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Model open(ModelSpec spec, ProviderContext context) {
    return OllamaModel.open(spec, context, capabilities);
  }

  @Override
  public Set<String> parameterKeys() {
    return OllamaModel.PARAMETERS;
  }

  @Override
  public String toString() {
    return "OllamaProvider";
  }
}
