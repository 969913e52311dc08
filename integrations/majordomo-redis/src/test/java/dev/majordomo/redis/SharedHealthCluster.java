package dev.majordomo.redis;

import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Instances of {@link RedisSharedHealth} on one Redis, as the instances of a service would be, each
 * with the updates it received; all on one fake clock, and under a key prefix of their own so that
 * tests sharing a server do not see each other's keys.
 */
final class SharedHealthCluster implements AutoCloseable {
  final RedisServer server;
  final String prefix = "test-" + UUID.randomUUID() + ":";
  final FakeTimeSource clock = new FakeTimeSource();
  private final List<RedisSharedHealth> started = new ArrayList<>();

  SharedHealthCluster(RedisServer server) {
    this.server = server;
  }

  /** One instance, started and connected. */
  Instance start(String id) throws Exception {
    return start(id, Duration.ofSeconds(60));
  }

  Instance start(String id, Duration failureWindow) throws Exception {
    return start(id, b -> b.failureWindow(failureWindow));
  }

  /** One instance, configured further by {@code customize}, started and connected. */
  Instance start(String id, Consumer<RedisSharedHealth.Builder> customize) throws Exception {
    RedisSharedHealth.Builder builder =
        RedisSharedHealth.builder(server.uri()).keyPrefix(prefix).instanceId(id).time(clock);
    customize.accept(builder);
    RedisSharedHealth health = builder.build();
    RecordingUpdates updates = new RecordingUpdates();
    health.start(updates);
    started.add(health);
    health.whenUp().get(10, TimeUnit.SECONDS);
    return new Instance(id, health, updates);
  }

  /** A key of this cluster's, by its documented name. */
  String key(String rest) {
    return prefix + "health:" + rest;
  }

  /** What the server says of {@code PTTL key}. */
  long pttl(String key) {
    return (Long) server.command("PTTL", key);
  }

  @Override
  public void close() {
    for (RedisSharedHealth health : started) {
      health.close();
    }
  }

  /**
   * One instance.
   *
   * @param id its instance id
   * @param health its shared health
   * @param updates what it received from the others
   */
  record Instance(String id, RedisSharedHealth health, RecordingUpdates updates) {}
}
