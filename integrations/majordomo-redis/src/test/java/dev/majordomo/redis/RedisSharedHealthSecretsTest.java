package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A password in the Redis URL appears nowhere: not in {@code toString}, errors or logs, whether
 * Redis accepts it, refuses it or goes away. The class has a server of its own, which it gives a
 * password.
 */
@ExtendWith(RedisServerExtension.class)
class RedisSharedHealthSecretsTest {
  private static final String PASSWORD = "s3cr3t-Pa55word";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final RedisServer server;

  RedisSharedHealthSecretsTest(RedisServer server) {
    this.server = server;
  }

  private String url(String password) {
    return "redis://default:" + password + "@127.0.0.1:" + server.port();
  }

  @Test
  void thePasswordAppearsNowhere() throws Exception {
    try (LogCapture log = new LogCapture()) {
      server.command("CONFIG", "SET", "requirepass", PASSWORD);
      RedisSharedHealth right = RedisSharedHealth.builder(url(PASSWORD)).build();
      RedisSharedHealth wrong = RedisSharedHealth.builder(url("not-" + PASSWORD)).build();
      try {
        assertThat(right.toString())
            .contains("redis://127.0.0.1:" + server.port())
            .doesNotContain(PASSWORD);
        RecordingUpdates updates = new RecordingUpdates();
        right.start(updates);
        right.whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        wrong.start(new RecordingUpdates());
        wrong.whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        Target target = new Target("openai", "api.example.com", 443, "gpt-4o");
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        right.failed(target, HealthPolicy.DEFAULT, new TargetHealth(3, 1, at.plusSeconds(30)), at);
        updates.await(u -> u.isBench(target), WAIT);

        server.kill(); // the restarted server has no password, so it stays down for `right`
        right.whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        right.close();
        wrong.close();
        if (!server.isRunning()) {
          server.restart();
        }
      }
      String logged = log.everything();
      assertThat(logged).contains("WARNING").contains("127.0.0.1:" + server.port());
      assertThat(logged).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aUrlThatIsNoRedisUrlIsRefusedWithoutItsPassword() {
    for (String url :
        List.of("http://user:" + PASSWORD + "@host:6379", "redis://user:" + PASSWORD + "@")) {
      assertThatThrownBy(() -> RedisSharedHealth.builder(url).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a Redis URL")
          .hasMessageContaining("//***@")
          .hasNoCause()
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }
  }
}
