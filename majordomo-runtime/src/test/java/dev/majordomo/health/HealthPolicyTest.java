package dev.majordomo.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class HealthPolicyTest {

  @Test
  void cooldownDoublesPerRoundUpToTheCap() {
    HealthPolicy policy = HealthPolicy.DEFAULT;
    assertThat(policy.cooldown(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.cooldown(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.cooldown(3)).isEqualTo(Duration.ofSeconds(120));
    assertThat(policy.cooldown(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(policy.cooldown(5)).isEqualTo(Duration.ofSeconds(480));
    assertThat(policy.cooldown(6)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.cooldown(1_000_000)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.cooldown(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aCapOfCenturiesDoesNotOverflow() {
    // Regression: the nanosecond arithmetic overflowed for a cap beyond ~292 years.
    HealthPolicy forever =
        new HealthPolicy(1, Duration.ofDays(1), ChronoUnit.FOREVER.getDuration());
    assertThat(forever.cooldown(1)).isEqualTo(Duration.ofDays(1));
    assertThat(forever.cooldown(3)).isEqualTo(Duration.ofDays(4));
    assertThat(forever.cooldown(500)).isEqualTo(ChronoUnit.FOREVER.getDuration());
  }

  @Test
  void aCapEqualToTheBaseNeverGrows() {
    HealthPolicy flat = new HealthPolicy(2, Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertThat(flat.cooldown(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(flat.cooldown(7)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new HealthPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> new HealthPolicy(1, Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("baseCooldown");
    assertThatThrownBy(() -> new HealthPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxCooldown");
    assertThatThrownBy(() -> HealthPolicy.DEFAULT.cooldown(0)).hasMessageContaining("1-based");
  }
}
