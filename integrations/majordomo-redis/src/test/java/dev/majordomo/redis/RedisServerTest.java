package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The throw-away server does what the failure tests rely on. */
@ExtendWith(RedisServerExtension.class)
class RedisServerTest {
  private final RedisServer server;

  RedisServerTest(RedisServer server) {
    this.server = server;
  }

  @Test
  void answersOnLoopbackWithoutPersistence() {
    assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
    assertThat(server.command("PING")).isEqualTo("PONG");
    assertThat(server.command("CONFIG", "GET", "save")).isEqualTo(java.util.List.of("save", ""));
    assertThat(server.command("CONFIG", "GET", "appendonly"))
        .isEqualTo(java.util.List.of("appendonly", "no"));
  }

  @Test
  void killedItRefusesConnectionsAndRestartedOnTheSamePortItIsEmpty() {
    int port = server.port();
    server.command("SET", "k", "v");

    server.kill();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> server.command("PING"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("port " + port);

    server.restart();
    assertThat(server.isRunning()).isTrue();
    assertThat(server.port()).isEqualTo(port);
    assertThat(server.command("GET", "k")).isNull();
  }

  @Test
  void flushAllDeletesEveryKey() {
    server.command("SET", "a", "1");
    server.flushAll();
    assertThat(server.command("DBSIZE")).isEqualTo(0L);
  }
}
