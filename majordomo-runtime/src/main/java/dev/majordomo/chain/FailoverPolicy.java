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

  /** A copy whose failures are judged by {@code value}; {@code null} for the tracker's policy. */
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

  /** A copy with a call-wide deadline; {@code null} for none. */
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
