package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registries (the instances of a service) with fake providers, sharing health through one real
 * Redis: what one learns, the others apply, while each decides from its own tracker.
 */
@ExtendWith(RedisServerExtension.class)
class RedisSharedHealthRegistryTest {
  private static final Request HELLO = Request.of(Message.user("hello"));
  private static final String TOKEN = "sk-live-CANARY-0123456789";

  /** {@code m1}, reached with a token: the target never holds it. */
  private static final Target M1 = new Target("fake", "gateway.internal", -1, "m1");

  private static final Duration WAIT = Duration.ofSeconds(10);
  // One attempt per target, so that each call counts exactly one failure.
  private static final FailoverPolicy NO_RETRY = FailoverPolicy.DEFAULT.withTransientRetries(0);

  private final RedisServer server;
  private final FakeTimeSource clock = new FakeTimeSource();
  private final String prefix = "registry-test-" + UUID.randomUUID() + ":";
  private final List<Instance> instances = new ArrayList<>();

  RedisSharedHealthRegistryTest(RedisServer server) {
    this.server = server;
  }

  @AfterEach
  void closeRegistries() {
    for (Instance i : instances) {
      i.registry.close();
    }
    if (!server.isRunning()) {
      server.restart();
    }
  }

  /** One instance: its own provider, registry and shared health, on the shared clock and Redis. */
  private final class Instance {
    final FakeProvider fake = new FakeProvider();
    final NotifyingSharedHealth shared;
    final Registry registry;

    Instance(String id) throws Exception {
      fake.model("m1").defaultReply("from m1");
      fake.model("b").defaultReply("from b");
      shared =
          new NotifyingSharedHealth(
              RedisSharedHealth.builder(server.uri())
                  .keyPrefix(prefix)
                  .instanceId(id)
                  .time(clock)
                  .build());
      registry =
          Registry.builder()
              .withoutProviderDiscovery()
              .provider(fake)
              .env(Map.of("LLM_M1", "fake://" + TOKEN + "@gateway.internal/m1"))
              .time(clock)
              .failoverPolicy(NO_RETRY)
              .sharedHealth(shared)
              .build();
      instances.add(this);
      shared.redis.whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    Response call() {
      return registry.chain("m1,fake/b").call(HELLO);
    }

    void await(String what, java.util.function.BooleanSupplier condition)
        throws InterruptedException {
      shared.await(what, condition, WAIT);
    }
  }

  @Test
  void aTargetThatFailsOnOneInstanceIsBenchedOnAll() throws Exception {
    Instance first = new Instance("first");
    Instance second = new Instance("second");
    Instance third = new Instance("third");
    first.fake.model("m1").fail(503).fail(503).fail(503);
    Instant start = clock.now();

    for (int i = 0; i < 3; i++) {
      assertThat(first.call().text()).isEqualTo("from b");
    }

    for (Instance other : List.of(second, third)) {
      other.await("benched", () -> other.registry.health().isBenched(M1));
      assertThat(other.registry.health().benchedUntil(M1)).contains(start.plusSeconds(30));
      Response reply = other.call();
      assertThat(reply.text()).isEqualTo("from b");
      assertThat(reply.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
      assertThat(other.fake.requests("m1")).isEmpty();
    }
  }

  @Test
  void oneFailureOnEachOfThreeInstancesBenchesTheTargetOnAll() throws Exception {
    Instance[] all = {new Instance("a"), new Instance("b"), new Instance("c")};
    for (Instance i : all) {
      i.fake.model("m1").fail(503);
    }
    String count = prefix + "health:" + HealthKeys.encode(M1) + ":failures";

    for (int n = 0; n < all.length; n++) {
      Instance i = all[n];
      assertThat(i.registry.health().isBenched(M1)).isFalse();
      assertThat(i.call().text()).isEqualTo("from b");
      if (n < all.length - 1) {
        awaitValue(count, String.valueOf(n + 1)); // counted in Redis before the next instance fails
      }
    }

    for (Instance i : all) {
      i.await("benched", () -> i.registry.health().isBenched(M1));
      assertThat(i.call().attempts().get(0).detail()).startsWith("benched until ");
      assertThat(i.fake.requests("m1")).hasSize(1);
    }
  }

  private void awaitValue(String key, String value) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!value.equals(server.command("GET", key))) {
      assertThat(System.nanoTime()).as("%s = %s", key, value).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aRetryAfterIsHonouredByEveryInstance() throws Exception {
    Instance first = new Instance("first");
    Instance second = new Instance("second");
    first.fake.model("m1").fail(429, "rate_limit_exceeded", Duration.ofSeconds(20));
    Instant until = clock.now().plusSeconds(20);

    assertThat(first.call().text()).isEqualTo("from b");

    second.await("rate-limited", () -> second.registry.health().rateLimitedUntil(M1).isPresent());
    assertThat(second.registry.health().rateLimitedUntil(M1)).contains(until);
    Response reply = second.call();
    assertThat(reply.text()).isEqualTo("from b");
    assertThat(reply.attempts().get(0).detail()).isEqualTo("rate-limited until " + until);
    assertThat(second.fake.requests("m1")).isEmpty();
  }

  @Test
  void aSuccessOnProbationReleasesTheTargetEverywhere() throws Exception {
    Instance first = new Instance("first");
    Instance second = new Instance("second");
    first.fake.model("m1").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      first.call();
    }
    second.await("benched", () -> second.registry.health().isBenched(M1));
    clock.advance(Duration.ofSeconds(30));
    // On probation on both: one more failure anywhere would bench it again.
    assertThat(second.registry.health().state(M1).consecutiveFailures()).isEqualTo(3);

    assertThat(first.call().text()).isEqualTo("from m1");

    second.await("released", () -> second.registry.health().snapshot().isEmpty());
    second.fake.model("m1").fail(503);
    second.call();
    assertThat(second.registry.health().state(M1)).isEqualTo(new TargetHealth(1, 0, null));
  }

  @Test
  void redisKilledMidTestFailsNoCallAndSharingResumesAfterItsRestart() throws Exception {
    Instance first = new Instance("first");
    Instance second = new Instance("second");
    server.kill();
    first.shared.redis.whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // Local health goes on: three failures bench m1 on the instance that saw them, alone.
    first.fake.model("m1").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      assertThat(first.call().text()).isEqualTo("from b");
    }
    assertThat(first.registry.health().isBenched(M1)).isTrue();
    assertThat(second.registry.health().isBenched(M1)).isFalse();
    assertThat(second.call().text()).isEqualTo("from m1");

    server.restart();
    first.shared.redis.whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    second.shared.redis.whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // After the restart (an empty Redis), what the first learns reaches the second again.
    Target other = Target.of("fake", "b");
    first.fake.model("b").fail(503).fail(503).fail(503);
    first.fake.model("c").defaultReply("from c");
    for (int i = 0; i < 3; i++) {
      assertThat(first.registry.chain("fake/b,fake/c").call(HELLO).text()).isEqualTo("from c");
    }
    second.await("b benched", () -> second.registry.health().isBenched(other));
  }

  @Test
  void healthyCallsAndSkipsOfABenchedTargetSendNothingToRedis() throws Exception {
    Instance first = new Instance("first");
    first.fake.model("m1").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      first.call();
    }
    awaitValue(
        prefix + "health:" + HealthKeys.encode(M1) + ":bench",
        "1:" + clock.now().plusSeconds(30).toEpochMilli());
    long before = commandsSoFar();

    for (int i = 0; i < 1_000; i++) {
      assertThat(first.call().text()).isEqualTo("from b"); // m1 skipped, b answers
      assertThat(first.registry.chain("fake/b").call(HELLO).text()).isEqualTo("from b");
    }

    // Only the INFO commands of this test: no script, no publish, nothing.
    assertThat(commandsSoFar() - before).isEqualTo(1);
  }

  /** Commands Redis has run so far, of every kind, from every client (this INFO included). */
  private long commandsSoFar() {
    String stats = (String) server.command("INFO", "stats");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("total_commands_processed:(\\d+)").matcher(stats);
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void noTokenInKeysValuesOrMessages() throws Exception {
    Instance first = new Instance("first");
    Instance second = new Instance("second");
    first
        .fake
        .model("m1")
        .fail(503)
        .fail(503)
        .fail(429, "rate_limit_exceeded", Duration.ofSeconds(5));
    try (LogCapture log = new LogCapture()) {
      for (int i = 0; i < 3; i++) {
        first.call();
      }
      second.await("benched", () -> second.registry.health().isBenched(M1));

      @SuppressWarnings("unchecked")
      List<String> keys = (List<String>) server.command("KEYS", prefix + "*");
      assertThat(keys).isNotEmpty().allMatch(k -> !k.contains(TOKEN));
      for (String key : keys) {
        String type = (String) server.command("TYPE", key);
        Object value =
            type.equals("zset")
                ? server.command("ZRANGE", key, "0", "-1", "WITHSCORES")
                : server.command("GET", key);
        assertThat(String.valueOf(value)).as(key).doesNotContain(TOKEN);
      }
      assertThat(log.everything()).doesNotContain(TOKEN);
    }
  }
}
