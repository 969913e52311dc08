package dev.majordomo.observation;

import dev.majordomo.llm.Request;
import dev.majordomo.llm.Target;
import java.util.Objects;

/**
 * An attempt at one target that starts.
 *
 * @param target the target called
 * @param attempt 1 for the first call to this target within the chain call, 2 for its first retry,
 *     …
 * @param request the request sent, with the options it carries (the attempt's timeout included)
 * @param stream whether the attempt opens a stream
 * @param serverAddress the host the model sends requests to, or {@code null} when the model makes
 *     no network call or does not say
 * @param serverPort that host's port, or {@code -1}
 */
public record AttemptStart(
    Target target,
    int attempt,
    Request request,
    boolean stream,
    String serverAddress,
    int serverPort) {

  /**
   * Checks the attempt.
   *
   * @param target the target, not null
   * @param attempt the attempt's number, 1 or more
   * @param request the request, not null
   * @param stream whether it streams
   * @param serverAddress the host, or {@code null}
   * @param serverPort the port, or {@code -1}
   */
  public AttemptStart {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(request, "request");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1: " + attempt);
    }
  }

  /** Names the target and the attempt, not the request (it holds the user's prompt). */
  @Override
  public String toString() {
    return "AttemptStart["
        + target
        + ", attempt "
        + attempt
        + (stream ? ", stream" : "")
        + (serverAddress != null ? ", server " + serverAddress + ":" + serverPort : "")
        + "]";
  }
}
