package dev.majordomo.provider.anthropic;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import java.util.Set;

/**
 * The {@code anthropic} scheme: Anthropic's Messages API ({@code POST /v1/messages}).
 *
 * <p>Configuration, first match wins:
 *
 * <ul>
 *   <li>Endpoint: the spec's host, port, {@code tls} (default true) and {@code base_path} (default
 *       {@code /v1}); else {@code ANTHROPIC_BASE_URL} (e.g. {@code
 *       https://proxy.example/anthropic}, to which {@code /v1/messages} is appended); else {@code
 *       https://api.anthropic.com}.
 *   <li>Key: the spec's token, else {@code ANTHROPIC_API_KEY}; sent as {@code x-api-key}. A key is
 *       required for {@code api.anthropic.com} (without one the model opens but refuses every call
 *       with a {@code CANNOT_SERVE} error naming {@code ANTHROPIC_API_KEY}, so a chain skips it); a
 *       custom endpoint may do without.
 *   <li>Model: the spec's model id, else {@value #DEFAULT_MODEL}.
 *   <li>Timeout: {@code Options.timeout()} per call, else the spec's {@code timeout}, else the
 *       registry client's call timeout, else {@code Limits.callDeadline} for a whole reply (a
 *       stream: its first-event and idle time-outs), as for every provider.
 * </ul>
 *
 * <p>DSN parameters: {@code max_tokens} (sent when a request sets no limit; default {@value
 * AnthropicCodec#DEFAULT_MAX_TOKENS}, since the API requires one) and {@code version} (the {@code
 * anthropic-version} header; default {@value AnthropicModel#DEFAULT_VERSION}) and {@code
 * downscale_images} ({@code true} scales images over Anthropic's limits, or over the 1568 px long
 * side the API scales to anyway, down before sending; default {@code false}: an image over a limit
 * fails with an {@link dev.majordomo.media.ImageException}).
 *
 * <p>Structured output is sent as a forced tool named after the schema (works on every Claude model
 * that takes tools); the tool's input is returned as the reply's JSON text. {@code Options.seed()}
 * is not sent: the API has no seed.
 */
public final class AnthropicProvider implements Provider {
  /** The scheme this provider serves. */
  public static final String SCHEME = "anthropic";

  /** The model used when a spec names none. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-5";

  /** For {@link java.util.ServiceLoader}. */
  public AnthropicProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Model open(ModelSpec spec, ProviderContext context) {
    return AnthropicModel.open(spec, context);
  }

  @Override
  public Set<String> parameterKeys() {
    return AnthropicModel.PARAMETERS;
  }

  @Override
  public String toString() {
    return "AnthropicProvider";
  }
}
