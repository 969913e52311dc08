package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses what cannot work, naming the setting; building connects to nothing. */
class RedisSharedHealthBuilderTest {
  @Test
  void needsAUriOrAClient() {
    assertThatThrownBy(() -> RedisSharedHealth.builder((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("uri");
    assertThatThrownBy(() -> RedisSharedHealth.builder((io.lettuce.core.RedisClient) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("client");
  }

  @Test
  void refusesDurationsOutOfRange() {
    RedisSharedHealth.Builder b = RedisSharedHealth.builder("redis://127.0.0.1:1");
    assertThatThrownBy(() -> b.failureWindow(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failureWindow must be positive");
    assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> b.timeout(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be at least 1 ms");
    assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(11)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be at most 10 s");
    assertThatThrownBy(() -> b.instanceId(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instanceId");
    assertThatThrownBy(() -> b.keyPrefix(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("keyPrefix");
  }

  @Test
  void buildingConnectsToNothingAndNamesWhereRedisIs() {
    // No server listens on port 1: building and closing must not try.
    RedisSharedHealth health =
        RedisSharedHealth.builder("redis://127.0.0.1:1/2")
            .keyPrefix("app:")
            .instanceId("web 1")
            .build();
    assertThat(health.isConnected()).isFalse();
    assertThat(health.droppedUpdates()).isZero();
    assertThat(health.toString())
        .isEqualTo("RedisSharedHealth{redis://127.0.0.1:1/2, prefix=app:, instance=web%201}");
    health.close();
    health.close();
  }
}
