package dev.majordomo.chain;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.llm.ErrorClassifier;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Chain} retries a target and when it moves on. Immutable; the {@code with…} methods
 * return copies. See {@code docs/failover.md} for what each error class does.
 *
 * @param transientRetries how many times a target is retried after a transient failure before the
 *     chain moves on (0 disables retries)
 * @param backoffBase the wait before the first retry; each further retry of the same target doubles
 *     it (no jitter)
 * @param backoffMax the cap on the backoff wait
 * @param retryAfterCap the longest {@code Retry-After} the chain honours: a provider asking for a
 *     longer wait gets this long
 * @param advanceOnPermanent whether authentication, quota and other permanent errors move on to the
 *     next target instead of failing the call at once
 * @param classifier decides what a failure means; may delegate to {@link ErrorClassifier#DEFAULT}
 * @param health the threshold and cooldowns used when this chain records a failure, or {@code null}
 *     for the health tracker's own policy
 * @param deadline how long the whole call may take, all attempts and waits together, or {@code
 *     null} for no deadline
 */
public record FailoverPolicy(
    int transientRetries,
    Duration backoffBase,
    Duration backoffMax,
    Duration retryAfterCap,
    boolean advanceOnPermanent,
    ErrorClassifier classifier,
    HealthPolicy health,
    Duration deadline) {

  /**
   * One retry after 500 ms (doubling, at most 8 s); {@code Retry-After} honoured up to 30 s;
   * permanent errors fail fast; the default classifier; the tracker's health policy; no deadline.
   */
  public static final FailoverPolicy DEFAULT =
      new FailoverPolicy(
          1,
          Duration.ofMillis(500),
          Duration.ofSeconds(8),
          Duration.ofSeconds(30),
          false,
          ErrorClassifier.DEFAULT,
          null,
          null);

  // equals and hashCode written out for start-up time: see the dev.majordomo.llm package comment.
  @Override
  public boolean equals(Object o) {
    return o instanceof FailoverPolicy p
        && transientRetries == p.transientRetries
        && backoffBase.equals(p.backoffBase)
        && backoffMax.equals(p.backoffMax)
        && retryAfterCap.equals(p.retryAfterCap)
        && advanceOnPermanent == p.advanceOnPermanent
        && classifier.equals(p.classifier)
        && Objects.equals(health, p.health)
        && Objects.equals(deadline, p.deadline);
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(transientRetries);
    h = 31 * h + backoffBase.hashCode();
    h = 31 * h + backoffMax.hashCode();
    h = 31 * h + retryAfterCap.hashCode();
    h = 31 * h + Boolean.hashCode(advanceOnPermanent);
    h = 31 * h + classifier.hashCode();
    h = 31 * h + Objects.hashCode(health);
    return 31 * h + Objects.hashCode(deadline);
  }

  /**
   * Checks the policy.
   *
   * @param transientRetries retries after a transient failure, not negative
   * @param backoffBase the wait before the first retry
   * @param backoffMax the cap on the backoff wait
   * @param retryAfterCap the longest {@code Retry-After} honoured
   * @param advanceOnPermanent whether permanent errors move on to the next target
   * @param classifier decides what a failure means
   * @param health the health policy, or {@code null} for the tracker's own
   * @param deadline how long the whole call may take, or {@code null}
   */
  public FailoverPolicy {
    Objects.requireNonNull(backoffBase, "backoffBase");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(retryAfterCap, "retryAfterCap");
    Objects.requireNonNull(classifier, "classifier");
    if (transientRetries < 0) {
      throw new IllegalArgumentException(
          "transientRetries cannot be negative, was " + transientRetries);
    }
    if (backoffBase.isNegative()) {
      throw new IllegalArgumentException("backoffBase cannot be negative, was " + backoffBase);
    }
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "backoffMax (" + backoffMax + ") is shorter than backoffBase (" + backoffBase + ")");
    }
    if (retryAfterCap.isNegative()) {
      throw new IllegalArgumentException("retryAfterCap cannot be negative, was " + retryAfterCap);
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
  }

  /**
   * The wait before the {@code retry}-th retry of one target (1-based): {@code backoffBase ×
   * 2^(retry−1)}, capped at {@code backoffMax}.
   *
   * @param retry the retry, counting from 1
   * @return the wait
   */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry is 1-based, was " + retry);
    }
    Duration wait = backoffBase;
    if (wait.isZero()) {
      return wait;
    }
    // Doubling stops at the cap, so it never overflows whatever the durations are.
    for (int i = 1; i < retry && wait.compareTo(backoffMax) < 0; i++) {
      wait = wait.compareTo(backoffMax.dividedBy(2)) > 0 ? backoffMax : wait.multipliedBy(2);
    }
    return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
  }

  /**
   * {@return a copy with another value}
   *
   * @param value retries after a transient failure; 0 disables them
   */
  public FailoverPolicy withTransientRetries(int value) {
    return new FailoverPolicy(
        value,
        backoffBase,
        backoffMax,
        retryAfterCap,
        advanceOnPermanent,
        classifier,
        health,
        deadline);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the wait before the first retry
   */
  public FailoverPolicy withBackoffBase(Duration value) {
    return new FailoverPolicy(
        transientRetries,
        value,
        backoffMax,
        retryAfterCap,
        advanceOnPermanent,
        classifier,
        health,
        deadline);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the cap on the backoff wait
   */
  public FailoverPolicy withBackoffMax(Duration value) {
    return new FailoverPolicy(
        transientRetries,
        backoffBase,
        value,
        retryAfterCap,
        advanceOnPermanent,
        classifier,
        health,
        deadline);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the longest {@code Retry-After} honoured
   */
  public FailoverPolicy withRetryAfterCap(Duration value) {
    return new FailoverPolicy(
        transientRetries,
        backoffBase,
        backoffMax,
        value,
        advanceOnPermanent,
        classifier,
        health,
        deadline);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value whether permanent errors move on to the next target
   */
  public FailoverPolicy withAdvanceOnPermanent(boolean value) {
    return new FailoverPolicy(
        transientRetries,
        backoffBase,
        backoffMax,
        retryAfterCap,
        value,
        classifier,
        health,
        deadline);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value decides what a failure means
   */
  public FailoverPolicy withClassifier(ErrorClassifier value) {
    return new FailoverPolicy(
        transientRetries,
        backoffBase,
        backoffMax,
        retryAfterCap,
        advanceOnPermanent,
        value,
        health,
        deadline);
  }

  /**
   * {@return a copy whose failures are judged by {@code value}}; {@code null} for the tracker's
   * policy.
   *
   * @param value the health policy, or {@code null}
   */
  public FailoverPolicy withHealth(HealthPolicy value) {
    return new FailoverPolicy(
        transientRetries,
        backoffBase,
        backoffMax,
        retryAfterCap,
        advanceOnPermanent,
        classifier,
        value,
        deadline);
  }

  /**
   * {@return a copy with a call-wide deadline}; {@code null} for none.
   *
   * @param value how long the whole call may take, or {@code null}
   */
  public FailoverPolicy withDeadline(Duration value) {
    return new FailoverPolicy(
        transientRetries,
        backoffBase,
        backoffMax,
        retryAfterCap,
        advanceOnPermanent,
        classifier,
        health,
        value);
  }
}
