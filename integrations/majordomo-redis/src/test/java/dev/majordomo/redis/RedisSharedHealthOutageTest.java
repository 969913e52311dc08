package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import dev.majordomo.redis.SharedHealthCluster.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis killed, restarted, flushed and slow: the SPI's methods return at once and never throw, one
 * {@code WARNING} when it goes and one {@code INFO} when it is back per instance, and sharing
 * resumes by itself. The class has a server of its own, which it kills.
 */
@ExtendWith(RedisServerExtension.class)
class RedisSharedHealthOutageTest {
  private static final HealthPolicy POLICY = HealthPolicy.DEFAULT;
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final TargetHealth ONE_FAILURE = new TargetHealth(1, 0, null);

  private final SharedHealthCluster cluster;
  private final LogCapture log = new LogCapture();

  RedisSharedHealthOutageTest(RedisServer server) {
    this.cluster = new SharedHealthCluster(server);
  }

  @AfterEach
  void tearDown() {
    cluster.close();
    log.close();
    if (!cluster.server.isRunning()) {
      cluster.server.restart();
    }
  }

  private static Target target(String model) {
    return new Target("openai", "api.example.com", 443, model);
  }

  private static TargetHealth benchedHereAt(Instant at) {
    return new TargetHealth(POLICY.threshold(), 1, at.plus(POLICY.cooldown(1)));
  }

  /**
   * Every kind of call, {@code n} times each, after as many to warm up; returns the duration of
   * each round of three calls in microseconds, sorted.
   */
  private long[] callsWhileDown(Instance i, int n) {
    long[] micros = new long[n];
    for (int k = -n; k < n; k++) {
      Target target = target("during-" + k);
      Instant now = cluster.clock.now();
      long start = System.nanoTime();
      i.health().failed(target, POLICY, ONE_FAILURE, now);
      i.health().rateLimited(target, now.plusSeconds(10));
      i.health().recovered(target);
      if (k >= 0) {
        micros[k] = (System.nanoTime() - start) / 1_000;
      }
    }
    java.util.Arrays.sort(micros);
    return micros;
  }

  @Test
  void redisKilledThenRestartedCostsNoCallAndSharingResumes() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");

    cluster.server.kill();
    a.health().whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    b.health().whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    long[] micros = callsWhileDown(a, 2_000);
    System.out.printf(
        "Redis down, 2000 rounds of failed+rateLimited+recovered: median %d us, p99 %d us, max %d"
            + " us%n",
        micros[1_000], micros[1_980], micros[1_999]);
    // Never a network timeout (250 ms): the worst is a pause of a loaded machine.
    assertThat(micros[1_000]).isLessThan(1_000);
    assertThat(micros[1_980]).isLessThan(20_000);
    assertThat(a.health().droppedUpdates()).isGreaterThanOrEqualTo(4_000);
    assertThat(a.health().isConnected()).isFalse();

    cluster.server.restart();
    a.health().whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    b.health().whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // Sharing works again: subscribed anew, scripts reloaded into the empty server.
    Target target = target("after-restart");
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);
    assertThat(b.updates().await(u -> u.isBench(target), WAIT).until())
        .isEqualTo(at.plus(Duration.ofSeconds(30)));

    // One WARNING when it went and one INFO when it came back, per instance.
    assertThat(log.messages(Level.WARNING))
        .hasSize(2)
        .allMatch(m -> m.contains("Redis at redis://127.0.0.1:" + cluster.server.port()))
        .allMatch(m -> m.contains("unreachable"));
    assertThat(log.messages(Level.INFO)).hasSize(2).allMatch(m -> m.contains("reachable again"));
  }

  @Test
  void aBenchAnnouncedWhileAnInstanceWasAwayIsLoadedWhenItIsBack() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target target = target("announced-while-away");
    cluster.server.kill();
    a.health().whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    b.health().whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    cluster.server.restart();
    a.health().whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // b may be back already or not: either way it must end up with the bench, from the message
    // or from the live set it loads once it is subscribed again.
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);

    assertThat(b.updates().await(u -> u.isBench(target), WAIT).round()).isEqualTo(1);
  }

  @Test
  void redisFlushedStateRepopulatesFromNewFailures() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target target = target("flushed");
    Instant at = cluster.clock.now();
    String count = cluster.key(HealthKeys.encode(target) + ":failures");
    a.health().failed(target, POLICY, ONE_FAILURE, at);
    a.health().failed(target, POLICY, ONE_FAILURE, at);
    awaitValue(count, "2");

    cluster.server.flushAll();

    // The count starts again: three new failures, across instances, bench it everywhere.
    a.health().failed(target, POLICY, ONE_FAILURE, at);
    b.health().failed(target, POLICY, ONE_FAILURE, at);
    awaitValue(count, "2");
    assertThat(a.updates().all()).noneMatch(u -> u.isBench(target));
    a.health().failed(target, POLICY, ONE_FAILURE, at);
    assertThat(b.updates().await(u -> u.isBench(target), WAIT).round()).isEqualTo(1);
    a.updates().await(u -> u.isBench(target), WAIT);
    assertThat(log.messages(Level.WARNING)).isEmpty();
  }

  private void awaitValue(String key, String value) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!value.equals(cluster.server.command("GET", key))) {
      assertThat(System.nanoTime()).as("%s = %s", key, value).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void slowRedisTimesOutDropsBeyondTheBoundAndRecovers() throws Exception {
    Instance a = cluster.start("a");
    // Its commands outlast the pause below, so exactly the in-flight bound waits for Redis.
    Instance patient = cluster.start("patient", b -> b.timeout(Duration.ofSeconds(10)));
    // Writes (and so the scripts) wait while reads go on, so the test can still undo it.
    cluster.server.command("CLIENT", "PAUSE", "20000", "WRITE");
    try {
      Instant at = cluster.clock.now();
      long start = System.nanoTime();
      for (int i = 0; i < 5_000; i++) {
        patient.health().failed(target("slow"), POLICY, ONE_FAILURE, at);
      }
      long micros = (System.nanoTime() - start) / 1_000;
      System.out.printf("Redis paused: 5000 failed() in %d us%n", micros);
      assertThat(micros).isLessThan(2_000_000);
      // At most MAX_IN_FLIGHT wait for Redis (its start-up load may hold one); the rest were
      // dropped, not queued.
      assertThat(patient.health().droppedUpdates())
          .isBetween(
              5_000L - RedisSharedHealth.MAX_IN_FLIGHT,
              5_000L - RedisSharedHealth.MAX_IN_FLIGHT + 1);

      a.health().failed(target("slow"), POLICY, ONE_FAILURE, at);
      a.health().whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(log.messages(Level.WARNING))
          .singleElement()
          .satisfies(m -> assertThat(m).contains("no answer within 250 ms"));
    } finally {
      cluster.server.command("CLIENT", "UNPAUSE");
    }
    // The next update that gets through brings it back.
    Target target = target("after-pause");
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);
    a.health().whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(log.messages(Level.INFO)).singleElement();
    assertThat(patient.health().whenUp()).isDone();
  }

  @Test
  void unreadableValuesInTheKeysOfATargetAreOverwrittenNotFailedOn() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target target = target("garbled");
    String t = HealthKeys.encode(target);
    // Left by another program or another version under the prefix, without an expiry.
    cluster.server.command("SET", cluster.key(t + ":bench"), "not a bench");
    cluster.server.command("SET", cluster.key(t + ":failures"), "many");
    cluster.server.command("SET", cluster.key(t + ":round"), "first");
    Instant at = cluster.clock.now();

    for (int i = 0; i < POLICY.threshold(); i++) {
      a.health().failed(target, POLICY, ONE_FAILURE, at);
    }

    // Counted from one again and benched everywhere, round 1, as with no such keys.
    assertThat(b.updates().await(u -> u.isBench(target), WAIT).round()).isEqualTo(1);
    assertThat(a.health().droppedUpdates()).isZero();
    assertThat(log.everything()).doesNotContain("unreachable");
  }

  @Test
  void redisRefusingACommandIsNoOutageAndIsLoggedOnce() throws Exception {
    Instance a = cluster.start("a");
    Target refused = target("refused");
    Target fine = target("fine");
    // A key of the wrong type: every script that touches it fails, others still run.
    cluster.server.command("LPUSH", cluster.key(HealthKeys.encode(refused) + ":failures"), "x");
    Instant at = cluster.clock.now();

    a.health().failed(refused, POLICY, ONE_FAILURE, at);
    a.health().failed(fine, POLICY, ONE_FAILURE, at);
    a.health().failed(refused, POLICY, ONE_FAILURE, at);
    a.health().failed(fine, POLICY, benchedHereAt(at), at);
    a.updates().await(u -> u.isBench(fine), WAIT);
    // The refusals are answered on the command connection, the bench comes on the channel.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (a.health().droppedUpdates() < 2) {
      assertThat(System.nanoTime()).as("two refusals answered").isLessThan(deadline);
      Thread.onSpinWait();
    }

    // Redis answered every command: neither a WARNING that it is unreachable nor an INFO that it
    // is back, only one WARNING about what it refused, and the refusals counted as dropped.
    assertThat(a.health().whenDown()).isNotDone();
    assertThat(log.messages(Level.INFO)).isEmpty();
    assertThat(log.messages(Level.WARNING))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("refused").contains("WRONGTYPE"));
    assertThat(a.health().droppedUpdates()).isEqualTo(2);
  }

  @Test
  void aFrozenRedisHoldsNoCallAndCloseLeavesNoThreadBehind() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Instance a = cluster.start("a");
    cluster.server.freeze(); // SIGSTOP: connections stay open, nothing answers
    try {
      long[] micros = callsWhileDown(a, 1_000);
      System.out.printf(
          "Redis frozen, 1000 rounds of failed+rateLimited+recovered: median %d us, p99 %d us%n",
          micros[500], micros[990]);
      assertThat(micros[500]).isLessThan(1_000);
      assertThat(micros[990]).isLessThan(20_000);
      a.health().whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(log.messages(Level.WARNING))
          .singleElement()
          .satisfies(m -> assertThat(m).contains("no answer within 250 ms"));

      long start = System.nanoTime();
      a.health().close();
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("close() with Redis frozen: %d ms%n", millis);
      assertThat(millis).isLessThan(3_000);
      assertThat(a.health().isConnected()).isFalse();
    } finally {
      cluster.server.thaw();
    }
    // Its own thread and the Lettuce threads of its own client end with it.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<String> left = new ArrayList<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (!before.contains(t) && t.isAlive()) {
          left.add(t.getName());
        }
      }
      if (left.stream()
          .noneMatch(n -> n.startsWith("majordomo-redis") || n.startsWith("lettuce"))) {
        break;
      }
      assertThat(System.nanoTime()).as("threads left: %s", left).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void startedWhileRedisIsFrozenItWarnsWithinTheTimeoutAndConnectsWhenItThaws() throws Exception {
    cluster.server.freeze(); // accepts connections (the kernel does), answers nothing
    RedisSharedHealth early =
        RedisSharedHealth.builder(cluster.server.uri()).keyPrefix(cluster.prefix).build();
    try {
      long start = System.nanoTime();
      early.start(new RecordingUpdates());
      early.whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("started with Redis frozen: WARNING after %d ms%n", millis);
      // The handshake is bounded by max(timeout, 1 s), not Lettuce's 60 s; the rest is a loaded
      // machine loading Lettuce.
      assertThat(millis).isLessThan(10_000);
    } finally {
      cluster.server.thaw();
    }
    try {
      early.whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(early.isConnected()).isTrue();
    } finally {
      early.close();
    }
  }

  @Test
  void startedWhileRedisIsDownItConnectsWhenRedisComes() throws Exception {
    cluster.server.kill();
    RedisSharedHealth early =
        RedisSharedHealth.builder(cluster.server.uri()).keyPrefix(cluster.prefix).build();
    try {
      RecordingUpdates updates = new RecordingUpdates();
      long start = System.nanoTime();
      early.start(updates);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
      early.whenDown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(log.messages(Level.WARNING))
          .singleElement()
          .satisfies(m -> assertThat(m).contains("cannot connect"));

      cluster.server.restart();
      early.whenUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(early.isConnected()).isTrue();
      assertThat(log.messages(Level.INFO)).singleElement();
    } finally {
      early.close();
    }
  }
}
