package dev.majordomo.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.ErrorKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverPolicyTest {
  private final FailoverPolicy d = FailoverPolicy.DEFAULT;

  @Test
  void theDefaults() {
    assertThat(d.transientRetries()).isEqualTo(1);
    assertThat(d.backoffBase()).isEqualTo(Duration.ofMillis(500));
    assertThat(d.backoffMax()).isEqualTo(Duration.ofSeconds(8));
    assertThat(d.retryAfterCap()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.advanceOnPermanent()).isFalse();
    assertThat(d.classifier()).isSameAs(ErrorClassifier.DEFAULT);
    assertThat(d.health()).isNull();
    assertThat(d.deadline()).isNull();
  }

  @Test
  void backoffDoublesWithoutJitterUpToTheCap() {
    assertThat(d.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(d.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.backoff(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(d.backoff(5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(d.backoff(6)).isEqualTo(Duration.ofSeconds(8));
    assertThat(d.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(8));
    assertThat(d.withBackoffBase(Duration.ZERO).backoff(Integer.MAX_VALUE)).isZero();
    FailoverPolicy huge =
        d.withBackoffMax(Duration.ofSeconds(Long.MAX_VALUE)).withBackoffBase(Duration.ofDays(1));
    assertThat(huge.backoff(200)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
    assertThatThrownBy(() -> d.backoff(0)).hasMessageContaining("1-based");
  }

  @Test
  void everyWithMethodChangesOnlyItsField() {
    ErrorClassifier always = e -> ErrorKind.TRANSIENT;
    HealthPolicy strict = HealthPolicy.DEFAULT.withThreshold(1);
    FailoverPolicy p =
        d.withTransientRetries(3)
            .withBackoffBase(Duration.ofMillis(100))
            .withBackoffMax(Duration.ofSeconds(1))
            .withRetryAfterCap(Duration.ofSeconds(5))
            .withAdvanceOnPermanent(true)
            .withClassifier(always)
            .withHealth(strict)
            .withDeadline(Duration.ofSeconds(20));

    assertThat(p)
        .isEqualTo(
            new FailoverPolicy(
                3,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                true,
                always,
                strict,
                Duration.ofSeconds(20)));
    assertThat(p.withHealth(null).health()).isNull();
    assertThat(p.withDeadline(null).deadline()).isNull();
    assertThat(d.withTransientRetries(0))
        .isEqualTo(
            new FailoverPolicy(
                0,
                d.backoffBase(),
                d.backoffMax(),
                d.retryAfterCap(),
                false,
                ErrorClassifier.DEFAULT,
                null,
                null));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> d.withTransientRetries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transientRetries");
    assertThatThrownBy(() -> d.withBackoffBase(Duration.ofMillis(-1)))
        .hasMessageContaining("backoffBase");
    assertThatThrownBy(() -> d.withBackoffMax(Duration.ofMillis(100)))
        .hasMessageContaining("backoffMax");
    assertThatThrownBy(() -> d.withRetryAfterCap(Duration.ofSeconds(-1)))
        .hasMessageContaining("retryAfterCap");
    assertThatThrownBy(() -> d.withDeadline(Duration.ZERO)).hasMessageContaining("deadline");
    assertThatThrownBy(() -> d.withClassifier(null)).hasMessageContaining("classifier");
    assertThatThrownBy(() -> d.withBackoffBase(null)).hasMessageContaining("backoffBase");
  }
}
