package dev.majordomo.llm;

import java.io.Serializable;
import java.util.Objects;

/**
 * The identity of one callable model: the health tracker, the attempt log and listener events key
 * on it. It never holds a token.
 *
 * <p>Serializable because {@link LlmException} carries one: an exception that crosses a process
 * boundary keeps the target that failed. Deserialization goes through the canonical constructor, so
 * its checks apply to the stream too.
 *
 * @param scheme the provider's scheme, lower-case
 * @param host the host, or {@code null} for the provider's default
 * @param port the port, or {@code -1} for the default
 * @param modelId the model id, verbatim, or {@code null} for the provider's default model
 */
public record Target(String scheme, String host, int port, String modelId) implements Serializable {
  /**
   * Checks the target.
   *
   * @param scheme the provider's scheme, not null
   * @param host the host, or {@code null}
   * @param port the port, or {@code -1}
   * @param modelId the model id, or {@code null}
   */
  public Target {
    Objects.requireNonNull(scheme, "scheme");
  }

  /**
   * A target on the provider's default host, as a {@code scheme/model} chain element names it.
   *
   * @param scheme the provider's scheme
   * @param modelId the model id
   * @return the target
   */
  public static Target of(String scheme, String modelId) {
    return new Target(scheme, null, -1, modelId);
  }

  // equals and hashCode written out for start-up time: see the dev.majordomo.llm package comment.
  @Override
  public boolean equals(Object o) {
    return o instanceof Target t
        && scheme.equals(t.scheme)
        && Objects.equals(host, t.host)
        && port == t.port
        && Objects.equals(modelId, t.modelId);
  }

  @Override
  public int hashCode() {
    int h = scheme.hashCode();
    h = 31 * h + Objects.hashCode(host);
    h = 31 * h + Integer.hashCode(port);
    return 31 * h + Objects.hashCode(modelId);
  }

  /** {@code scheme://host:port/model}, or {@code scheme/model} on the default host. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(scheme);
    if (host == null) {
      s.append('/').append(modelId == null ? "(default)" : modelId);
      return s.toString();
    }
    s.append("://").append(host);
    if (port >= 0) {
      s.append(':').append(port);
    }
    if (modelId != null) {
      s.append('/').append(modelId);
    }
    return s.toString();
  }
}
