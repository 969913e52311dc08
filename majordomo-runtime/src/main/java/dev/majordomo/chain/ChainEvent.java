package dev.majordomo.chain;

import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened while a chain served one call. Every event but {@link Exhausted} names
 * its target. Events never contain a token: targets hold none, and providers redact error messages.
 */
public sealed interface ChainEvent {

  /**
   * A call to {@code target} is about to start.
   *
   * @param target the target about to be called
   * @param attempt 1 for the first call to this target within the chain call, 2 for its first
   *     retry, …
   */
  record AttemptStarted(Target target, int attempt) implements ChainEvent {
    /**
     * Checks the event.
     *
     * @param target the target about to be called
     * @param attempt the attempt number
     */
    public AttemptStarted {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * {@code target} answered (for a stream: delivered its first event).
   *
   * @param target the target that answered
   * @param elapsed how long the successful attempt took
   */
  record Succeeded(Target target, Duration elapsed) implements ChainEvent {
    /**
     * Checks the event.
     *
     * @param target the target that answered
     * @param elapsed how long the attempt took
     */
    public Succeeded {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /**
   * A call to {@code target} failed; {@code kind} is what the policy's classifier made of it.
   *
   * @param target the target that failed
   * @param kind what the classifier made of the error
   * @param error the error
   * @param elapsed how long the failed attempt took
   */
  record Failed(Target target, ErrorKind kind, Throwable error, Duration elapsed)
      implements ChainEvent {
    /**
     * Checks the event.
     *
     * @param target the target that failed
     * @param kind what the classifier made of the error
     * @param error the error
     * @param elapsed how long the attempt took
     */
    public Failed {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /**
   * {@code target} will be called again after waiting {@code delay}.
   *
   * @param target the target to call again
   * @param attempt the number the coming attempt will have (see {@link AttemptStarted})
   * @param delay the wait before it
   */
  record Retrying(Target target, int attempt, Duration delay) implements ChainEvent {
    /**
     * Checks the event.
     *
     * @param target the target to call again
     * @param attempt the number of the coming attempt
     * @param delay the wait before it
     */
    public Retrying {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(delay, "delay");
    }
  }

  /**
   * {@code target} did not serve the call: {@code reason} says why ("benched until …", "no image
   * support", "deadline passed"). A target that refused the request when called because it cannot
   * serve it ({@link dev.majordomo.llm.ErrorKind#CANNOT_SERVE}: an image over its limits, no
   * credentials, a capability it refuses) is reported with this event too, after its {@link
   * AttemptStarted}, with the refusal's message as the reason; it is not counted against the
   * target.
   *
   * @param target the target skipped
   * @param reason why
   */
  record Skipped(Target target, String reason) implements ChainEvent {
    /**
     * Checks the event.
     *
     * @param target the target skipped
     * @param reason why
     */
    public Skipped {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A failure of this call benched {@code target} until {@code until}.
   *
   * @param target the target benched
   * @param until when the bench ends
   */
  record Benched(Target target, Instant until) implements ChainEvent {
    /**
     * Checks the event.
     *
     * @param target the target benched
     * @param until when the bench ends
     */
    public Benched {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(until, "until");
    }
  }

  /**
   * No target answered (every one failed or was skipped, or the deadline passed); the call throws a
   * {@link ChainExhaustedException} with the same attempts.
   *
   * @param attempts every attempt of the call
   */
  record Exhausted(List<Attempt> attempts) implements ChainEvent {
    /**
     * Checks the event.
     *
     * @param attempts every attempt of the call
     */
    public Exhausted {
      attempts = List.copyOf(attempts);
    }
  }
}
