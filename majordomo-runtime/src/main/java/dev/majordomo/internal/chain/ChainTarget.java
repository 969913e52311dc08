package dev.majordomo.internal.chain;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.Target;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One element of a resolved chain: the identity the health tracker and the attempt log key on, and
 * the model that serves it.
 *
 * @param target the target's identity (never holds a token)
 * @param model the provider's model for that target
 * @param timeout the per-attempt timeout the target's spec gives (a DSN's {@code timeout=}), which
 *     the model applies when a request sets none; {@code null} when the spec gives none. A chain
 *     with a deadline shortens an attempt to the time left, but never lengthens it past this.
 */
public record ChainTarget(Target target, Model model, Duration timeout) {
  public ChainTarget {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(model, "model");
  }

  /**
   * The host and port the model calls, for observers: from {@link Model#endpoint()}, else the
   * target's own host; {@code null} host when neither says.
   */
  Endpoint endpoint() {
    URI uri = null;
    try {
      uri = model.endpoint().orElse(null);
    } catch (RuntimeException e) {
      // A model that cannot tell where it sends requests is still callable.
    }
    if (uri != null && uri.getHost() != null) {
      String host = uri.getHost();
      // A URI brackets an IPv6 address; telemetry's server.address is the bare address.
      if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new Endpoint(host, uri.getPort());
    }
    return new Endpoint(target.host(), target.port());
  }

  /** A host (or {@code null}) and a port (or {@code -1}). */
  record Endpoint(String host, int port) {}

  /** A target whose spec gives no timeout of its own. */
  public ChainTarget(Target target, Model model) {
    this(target, model, null);
  }

  @Override
  public String toString() {
    return target.toString();
  }
}
