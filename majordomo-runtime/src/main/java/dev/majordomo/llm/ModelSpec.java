package dev.majordomo.llm;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything needed to open one model: what an {@code LLM_<NAME>} DSN or a {@code scheme/model}
 * chain element says. {@code toString} never shows the token.
 *
 * @param scheme the provider's scheme, lower-case
 * @param token the API token, or {@code null}
 * @param host the host, or {@code null} for the provider's default
 * @param port the port, or {@code -1} for the default
 * @param modelId the model id, verbatim, or {@code null} for the provider's default model
 * @param tls whether to use TLS; {@code null} for the provider's default
 * @param timeout the per-attempt timeout, or {@code null} for the default
 * @param basePath the API base path (e.g. {@code /v1}), or {@code null} for the default
 * @param parameters provider-specific query parameters, sorted by key
 */
public record ModelSpec(
    String scheme,
    Secret token,
    String host,
    int port,
    String modelId,
    Boolean tls,
    Duration timeout,
    String basePath,
    Map<String, String> parameters) {

  /**
   * Checks the spec; null parameters become none.
   *
   * @param scheme the provider's scheme, not null
   * @param token the API token, or {@code null}
   * @param host the host, or {@code null}
   * @param port the port, or {@code -1}
   * @param modelId the model id, or {@code null}
   * @param tls whether to use TLS, or {@code null}
   * @param timeout the per-attempt timeout, or {@code null}
   * @param basePath the API base path, or {@code null}
   * @param parameters provider-specific query parameters, or {@code null}
   */
  public ModelSpec {
    Objects.requireNonNull(scheme, "scheme");
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /**
   * A spec for {@code scheme/modelId} on the provider's default host, with no token.
   *
   * @param scheme the provider's scheme
   * @param modelId the model id
   * @return the spec
   */
  public static ModelSpec of(String scheme, String modelId) {
    return new ModelSpec(scheme, null, null, -1, modelId, null, null, null, Map.of());
  }

  // equals and hashCode written out for start-up time: see the dev.majordomo.llm package comment.
  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec m
        && scheme.equals(m.scheme)
        && Objects.equals(token, m.token)
        && Objects.equals(host, m.host)
        && port == m.port
        && Objects.equals(modelId, m.modelId)
        && Objects.equals(tls, m.tls)
        && Objects.equals(timeout, m.timeout)
        && Objects.equals(basePath, m.basePath)
        && parameters.equals(m.parameters);
  }

  @Override
  public int hashCode() {
    int h = scheme.hashCode();
    h = 31 * h + Objects.hashCode(token);
    h = 31 * h + Objects.hashCode(host);
    h = 31 * h + Integer.hashCode(port);
    h = 31 * h + Objects.hashCode(modelId);
    h = 31 * h + Objects.hashCode(tls);
    h = 31 * h + Objects.hashCode(timeout);
    h = 31 * h + Objects.hashCode(basePath);
    return 31 * h + parameters.hashCode();
  }

  /** {@return the identity the health tracker and the attempt log use} */
  public Target target() {
    return new Target(scheme, host, port, modelId);
  }

  /** The DSN form with the token masked: {@code foreman://***@host/model?timeout=PT30S}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(scheme).append("://");
    if (token != null) {
      s.append("***@");
    }
    s.append(host == null ? "(default host)" : host);
    if (port >= 0) {
      s.append(':').append(port);
    }
    if (modelId != null) {
      s.append('/').append(modelId);
    }
    Map<String, String> query = new TreeMap<>(parameters);
    if (tls != null) {
      query.put("tls", tls.toString());
    }
    if (timeout != null) {
      query.put("timeout", timeout.toString());
    }
    if (basePath != null) {
      query.put("base_path", basePath);
    }
    if (!query.isEmpty()) {
      s.append('?');
      query.forEach((k, v) -> s.append(k).append('=').append(v).append('&'));
      s.setLength(s.length() - 1);
    }
    return s.toString();
  }
}
