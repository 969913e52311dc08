package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthUpdates;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import dev.majordomo.redis.RecordingUpdates.Update;
import dev.majordomo.redis.SharedHealthCluster.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several instances sharing one real Redis, through the SPI as the registry calls it. */
@ExtendWith(RedisServerExtension.class)
class RedisSharedHealthTest {
  private static final HealthPolicy POLICY = HealthPolicy.DEFAULT; // 3 failures; 30 s doubling
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SharedHealthCluster cluster;

  RedisSharedHealthTest(RedisServer server) {
    this.cluster = new SharedHealthCluster(server);
  }

  @AfterEach
  void closeInstances() {
    cluster.close();
  }

  private static Target target(String model) {
    return new Target("openai", "api.example.com", 443, model);
  }

  /** The state of a tracker whose own failure at {@code at} just benched the target, round 1. */
  private static TargetHealth benchedHereAt(Instant at) {
    return new TargetHealth(POLICY.threshold(), 1, at.plus(POLICY.cooldown(1)));
  }

  private static final TargetHealth ONE_FAILURE = new TargetHealth(1, 0, null);

  @Test
  void aBenchOnOneInstanceReachesEveryOtherWithinTheBound() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Instance c = cluster.start("c");
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Target target = target("model-" + i);
      Instant at = cluster.clock.now();
      long sent = System.nanoTime();
      a.health().failed(target, POLICY, benchedHereAt(at), at);
      Update onB = b.updates().await(u -> u.isBench(target), WAIT);
      Update onC = c.updates().await(u -> u.isBench(target), WAIT);
      assertThat(onB.round()).isEqualTo(1);
      assertThat(onB.until()).isEqualTo(at.plus(Duration.ofSeconds(30)));
      assertThat(onC.until()).isEqualTo(onB.until());
      micros.add((Math.max(onB.nanos(), onC.nanos()) - sent) / 1_000);
    }
    Collections.sort(micros);
    long median = micros.get(micros.size() / 2);
    long max = micros.get(micros.size() - 1);
    System.out.printf(
        "bench propagation, failed() on one instance to the update on the last of two others,"
            + " %d benches: median %d us, p90 %d us, max %d us%n",
        micros.size(), median, micros.get(micros.size() * 9 / 10), max);
    // The bound is 100 ms; the median holds it even on a loaded machine, the maximum may
    // meet a pause of the garbage collector or the scheduler.
    assertThat(median).isLessThan(100_000);
    assertThat(max).isLessThan(2_000_000);
    // Its own bench reaches the instance by the channel, in order with everyone's news.
    assertThat(a.updates().all()).allMatch(u -> u.kind().equals("benched"));
  }

  @Test
  void failuresAreCountedAcrossInstances() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Instance c = cluster.start("c");
    Target target = target("counted");
    Instant at = cluster.clock.now();

    a.health().failed(target, POLICY, ONE_FAILURE, at);
    b.health().failed(target, POLICY, ONE_FAILURE, at);
    awaitCount(target, 2);
    assertThat(cluster.server.command("EXISTS", cluster.key(encoded(target) + ":bench")))
        .isEqualTo(0L);
    c.health().failed(target, POLICY, ONE_FAILURE, at);

    Instant until = at.plus(Duration.ofSeconds(30));
    for (Instance i : List.of(a, b, c)) {
      Update bench = i.updates().await(u -> u.isBench(target), WAIT);
      assertThat(bench.round()).isEqualTo(1);
      assertThat(bench.until()).isEqualTo(until);
    }
    assertThat(cluster.server.command("GET", cluster.key(encoded(target) + ":bench")))
        .isEqualTo("1:" + until.toEpochMilli());
  }

  private void awaitCount(Target target, long count) throws InterruptedException {
    // The count is in Redis once the script ran: wait for it as the next instance would see it.
    long deadline = System.nanoTime() + WAIT.toNanos();
    String key = cluster.key(encoded(target) + ":failures");
    while (!String.valueOf(count).equals(cluster.server.command("GET", key))) {
      assertThat(System.nanoTime()).as("count %d in %s", count, key).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aFailureDuringABenchIsNotCountedAgain() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target target = target("late");
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);
    b.updates().await(u -> u.isBench(target), WAIT);

    // A call that started before the bench fails on b afterwards: the bench already counts it.
    cluster.clock.advance(Duration.ofSeconds(1));
    b.health().failed(target, POLICY, ONE_FAILURE, cluster.clock.now());
    // b applies the bench on record from the script's reply; no new round, no new message.
    List<Update> onB = awaitUpdates(b, target, 2);
    assertThat(onB.get(1).round()).isEqualTo(1);
    assertThat(onB.get(1).until()).isEqualTo(at.plus(Duration.ofSeconds(30)));
    assertThat(cluster.server.command("GET", cluster.key(encoded(target) + ":round")))
        .isEqualTo("1");
  }

  private static List<Update> awaitUpdates(Instance i, Target target, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<Update> mine =
          i.updates().all().stream().filter(u -> u.target().equals(target)).toList();
      if (mine.size() >= count) {
        return mine;
      }
      assertThat(System.nanoTime()).as("%d updates of %s", count, target).isLessThan(deadline);
      i.updates().await(u -> true, WAIT);
      Thread.onSpinWait();
    }
  }

  @Test
  void onProbationOneMoreFailureAnywhereBenchesAgainWithTheNextRound() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target target = target("probation");
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);
    b.updates().await(u -> u.isBench(target), WAIT);

    // The bench ends (Redis expires the key by its own clock: delete it rather than wait 30 s).
    cluster.server.command("DEL", cluster.key(encoded(target) + ":bench"));
    cluster.clock.advance(Duration.ofSeconds(31));
    Instant later = cluster.clock.now();
    // b's tracker had the remote bench, so it is on probation at the threshold; one failure on b
    // that its tracker did not bench (say it missed the bench) still benches through the shared
    // count, which also stayed at the threshold.
    b.health().failed(target, POLICY, ONE_FAILURE, later);

    Update again = a.updates().await(u -> u.isBench(target) && u.round() == 2, WAIT);
    assertThat(again.until()).isEqualTo(later.plus(Duration.ofSeconds(60)));
  }

  @Test
  void aBenchOverByTheCallersClockDoesNotHoldBackTheNextOne() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target target = target("skewed");
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);
    b.updates().await(u -> u.isBench(target), WAIT);

    // By b's clock the bench is over, while Redis, whose clock runs a little behind (or, here, is
    // not faked), still keeps its key: b's tracker benches again on probation, round 2.
    cluster.clock.advance(Duration.ofSeconds(31));
    Instant later = cluster.clock.now();
    b.health().failed(target, POLICY, new TargetHealth(3, 2, later.plusSeconds(60)), later);

    Update again = a.updates().await(u -> u.isBench(target) && u.round() == 2, WAIT);
    assertThat(again.until()).isEqualTo(later.plusSeconds(60));
  }

  @Test
  void aCooldownShorterThanAMillisecondStillBenches() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    HealthPolicy brief = new HealthPolicy(1, Duration.ofNanos(500_000), Duration.ofNanos(900_000));
    Target target = target("brief");
    Instant at = cluster.clock.now();

    a.health().failed(target, brief, new TargetHealth(1, 1, at.plusNanos(500_000)), at);

    // Redis counts in whole milliseconds (and refuses PX 0): the bench lasts one.
    assertThat(b.updates().await(u -> u.isBench(target), WAIT).until()).isEqualTo(at.plusMillis(1));
    assertThat(a.health().droppedUpdates()).isZero();
  }

  @Test
  void aRecoveryPublishedAfterABenchIsAppliedAfterItByTheInstanceWhoseFailureBenched()
      throws Exception {
    Target target = target("bench-then-recovery");
    RecordingUpdates seen = new RecordingUpdates();
    HealthUpdates held =
        new HealthUpdates() {
          @Override
          public void benched(Target t, int round, Instant until) {
            if (t.equals(target)) {
              // Held until the recovery published after the bench is delivered (for 2 s at most,
              // in case it is delivered on this very thread after this bench): however this
              // instance learns its bench, the recovery must end up winning.
              try {
                seen.await(u -> u.isRecovery(target), Duration.ofSeconds(2));
              } catch (AssertionError | InterruptedException notYet) {
                // applied now, before the recovery
              }
            }
            seen.benched(t, round, until);
          }

          @Override
          public void rateLimited(Target t, Instant until) {
            seen.rateLimited(t, until);
          }

          @Override
          public void recovered(Target t) {
            seen.recovered(t);
          }
        };
    RedisSharedHealth a =
        RedisSharedHealth.builder(cluster.server.uri())
            .keyPrefix(cluster.prefix)
            .instanceId("a")
            .time(cluster.clock)
            .build();
    try {
      a.start(held);
      a.whenUp().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      Instance b = cluster.start("b");
      // a's failure is the third across instances: the shared count benches the target, a's own
      // tracker (one failure) did not.
      cluster.server.command("SET", key(encoded(target), "failures"), "2");
      Instant at = cluster.clock.now();
      a.failed(target, POLICY, ONE_FAILURE, at);
      awaitKey(key(encoded(target), "bench"));
      // Then a success on b: Redis publishes the recovery after the bench.
      b.health().recovered(target);

      seen.await(u -> u.isRecovery(target), WAIT);
      seen.await(u -> u.isBench(target), WAIT);
      List<Update> onA = seen.all().stream().filter(u -> u.target().equals(target)).toList();
      assertThat(onA).last().satisfies(u -> assertThat(u.kind()).isEqualTo("recovered"));
    } finally {
      a.close();
    }
  }

  @Test
  void aSuccessReleasesTheTargetEverywhere() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Instance c = cluster.start("c");
    Target target = target("released");
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);
    a.health().rateLimited(target, at.plusSeconds(20));
    c.updates().await(u -> u.isBench(target), WAIT);
    c.updates().await(u -> u.isRateLimit(target), WAIT);

    b.health().recovered(target);

    a.updates().await(u -> u.isRecovery(target), WAIT);
    c.updates().await(u -> u.isRecovery(target), WAIT);
    // Cleared in Redis as in every tracker, rate limit included: an instance that starts now
    // finds nothing.
    String t = encoded(target);
    assertThat(
            cluster.server.command(
                "EXISTS", key(t, "failures"), key(t, "bench"), key(t, "round"), key(t, "rate")))
        .isEqualTo(0L);
    // The next failure counts from one again.
    a.health().failed(target, POLICY, ONE_FAILURE, at);
    awaitCount(target, 1);
  }

  @Test
  void aRetryAfterIsHonouredByEveryInstance() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Instance c = cluster.start("c");
    Target target = target("limited");
    Instant until = cluster.clock.now().plus(Duration.ofSeconds(20));

    a.health().rateLimited(target, until);

    assertThat(b.updates().await(u -> u.isRateLimit(target), WAIT).until()).isEqualTo(until);
    assertThat(c.updates().await(u -> u.isRateLimit(target), WAIT).until()).isEqualTo(until);
    assertThat(a.updates().all()).isEmpty();
    String rate = key(encoded(target), "rate");
    assertThat(cluster.server.command("GET", rate)).isEqualTo(String.valueOf(until.toEpochMilli()));
    assertThat(cluster.pttl(rate)).isBetween(15_000L, 20_000L);

    // A shorter limit changes nothing; a longer one is shared.
    a.health().rateLimited(target, until.minusSeconds(15));
    a.health().rateLimited(target, until.plusSeconds(20));
    b.updates().await(u -> u.isRateLimit(target) && u.until().equals(until.plusSeconds(20)), WAIT);
    assertThat(b.updates().all().stream().filter(u -> u.isRateLimit(target)).map(Update::until))
        .containsExactly(until, until.plusSeconds(20));
  }

  @Test
  void aRecoveryPublishedWhileAnInstanceLoadsTheBenchesWinsOverTheLoadedBench() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target target = target("loaded-then-recovered");
    Instant at = cluster.clock.now();
    a.health().failed(target, POLICY, benchedHereAt(at), at);
    awaitKey(key(encoded(target), "bench"));

    RecordingUpdates seen = new RecordingUpdates();
    java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch applied = new java.util.concurrent.CountDownLatch(1);
    HealthUpdates held =
        new HealthUpdates() {
          @Override
          public void benched(Target t, int round, Instant until) {
            if (t.equals(target)) {
              // The late instance is applying what it loaded: a recovery is published now, and
              // its message delivered meanwhile (or waits, for 2 s at most, if it cannot be).
              loading.countDown();
              try {
                seen.await(u -> u.isRecovery(target), Duration.ofSeconds(2));
              } catch (AssertionError | InterruptedException notYet) {
                // applied now, before the recovery
              }
              seen.benched(t, round, until);
              applied.countDown();
              return;
            }
            seen.benched(t, round, until);
          }

          @Override
          public void rateLimited(Target t, Instant until) {
            seen.rateLimited(t, until);
          }

          @Override
          public void recovered(Target t) {
            seen.recovered(t);
          }
        };
    RedisSharedHealth late =
        RedisSharedHealth.builder(cluster.server.uri())
            .keyPrefix(cluster.prefix)
            .instanceId("late")
            .time(cluster.clock)
            .build();
    try {
      late.start(held);
      assertThat(loading.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      b.health().recovered(target);

      seen.await(u -> u.isRecovery(target), WAIT);
      assertThat(applied.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      List<Update> onLate = seen.all().stream().filter(u -> u.target().equals(target)).toList();
      // The loaded bench is applied before the recovery, never after it.
      assertThat(onLate).last().satisfies(u -> assertThat(u.kind()).isEqualTo("recovered"));
    } finally {
      late.close();
    }
  }

  @Test
  void anInstanceThatStartsLaterSeesTheBenchesAndRateLimitsInForce() throws Exception {
    Instance a = cluster.start("a");
    Target benched = target("benched-before");
    Target limited = target("limited-before");
    Instant at = cluster.clock.now();
    a.health().failed(benched, POLICY, benchedHereAt(at), at);
    a.health().rateLimited(limited, at.plusSeconds(20));
    a.updates().await(u -> u.isBench(benched), WAIT);
    // Both scripts ran (one connection keeps them in order): the rate key is there.
    awaitKey(key(encoded(limited), "rate"));

    Instance late = cluster.start("late");

    Update bench = late.updates().await(u -> u.isBench(benched), WAIT);
    assertThat(bench.round()).isEqualTo(1);
    assertThat(bench.until()).isEqualTo(at.plusSeconds(30));
    assertThat(late.updates().await(u -> u.isRateLimit(limited), WAIT).until())
        .isEqualTo(at.plusSeconds(20));
  }

  private void awaitKey(String key) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while ((Long) cluster.server.command("EXISTS", key) == 0) {
      assertThat(System.nanoTime()).as("key %s", key).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void everyKeyExpiresByItself() throws Exception {
    Instance a = cluster.start("a", Duration.ofSeconds(45));
    Target target = target("expiring");
    String t = encoded(target);
    Instant at = cluster.clock.now();

    a.health().failed(target, POLICY, ONE_FAILURE, at);
    awaitCount(target, 1);
    // The count lives as long as the failure window after the last failure.
    assertThat(cluster.pttl(key(t, "failures"))).isBetween(40_000L, 45_000L);

    a.health().failed(target, POLICY, benchedHereAt(at), at);
    a.updates().await(u -> u.isBench(target), WAIT);
    long cooldown = 30_000;
    long keep = cooldown + POLICY.maxCooldown().toMillis();
    // The bench vanishes when it ends; the round (and the count at the threshold) stay through
    // probation, for the longest cooldown after it.
    assertThat(cluster.pttl(key(t, "bench"))).isBetween(cooldown - 5_000, cooldown);
    assertThat(cluster.pttl(key(t, "round"))).isBetween(keep - 5_000, keep);
    assertThat(cluster.pttl(key(t, "failures"))).isBetween(keep - 5_000, keep);
    assertThat(cluster.pttl(cluster.key("live"))).isBetween(cooldown - 5_000, cooldown);

    // Nothing under the prefix lives for ever.
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) cluster.server.command("KEYS", cluster.prefix + "*");
    assertThat(keys).isNotEmpty();
    for (String key : keys) {
      assertThat(cluster.pttl(key)).as(key).isPositive();
    }
  }

  @Test
  void anyModelIdMakesAPrintableKeyAndComesBackTheSame() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    Target odd = new Target("ollama", null, -1, "we:ird {model} *?[x] 模型 %41 \n end");
    Target plain = Target.of("anthropic", null);
    Instant at = cluster.clock.now();

    a.health().failed(odd, POLICY, benchedHereAt(at), at);
    a.health().failed(plain, POLICY, benchedHereAt(at), at);

    assertThat(b.updates().await(u -> u.isBench(odd), WAIT).target()).isEqualTo(odd);
    assertThat(b.updates().await(u -> u.isBench(plain), WAIT).target()).isEqualTo(plain);
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) cluster.server.command("KEYS", cluster.prefix + "*");
    assertThat(keys)
        .contains(
            cluster.key(
                "ollama:!:-1:we%3Aird%20%7Bmodel%7D%20%2A%3F%5Bx%5D%20%E6%A8%A1%E5%9E%8B%20%2541%20%0A%20end:bench"),
            cluster.key("anthropic:!:-1:!:bench"));
    for (String key : keys) {
      assertThat(key).matches("[\\x21-\\x7e]+");
    }
  }

  @Test
  void aTargetWithAnAbsurdlyLongNameIsNotSharedSoInputCannotFillRedis() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    // A model id taken from input: each failure would write keys three times its size (percent
    // encoding) for up to the longest cooldown, and send it to every instance.
    Target huge = target("m".repeat(100_000));
    Target longest =
        target("x".repeat(RedisSharedHealth.MAX_TARGET_CHARS - "openai".length() - 15));
    Instant at = cluster.clock.now();

    a.health().failed(huge, POLICY, benchedHereAt(at), at);
    a.health().rateLimited(huge, at.plusSeconds(20));
    a.health().recovered(huge);
    a.health().failed(longest, POLICY, benchedHereAt(at), at);

    // One connection keeps the commands in order: what came before the last one ran already.
    b.updates().await(u -> u.isBench(longest), WAIT);
    assertThat(a.health().droppedUpdates()).isEqualTo(3);
    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) cluster.server.command("KEYS", cluster.prefix + "*");
    assertThat(keys)
        .isNotEmpty()
        .allMatch(k -> k.length() < 4 * RedisSharedHealth.MAX_TARGET_CHARS);
    assertThat(b.updates().all()).noneMatch(u -> u.target().equals(huge));
  }

  @Test
  void recoveriesAreCoalescedIntoFewRoundTrips() throws Exception {
    Instance a = cluster.start("a");
    Instance b = cluster.start("b");
    long before = evalCalls();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      targets.add(target("recovering-" + i));
    }
    for (Target target : targets) {
      a.health().recovered(target);
    }
    for (Target target : targets) {
      b.updates().await(u -> u.isRecovery(target), WAIT);
    }
    long roundTrips = evalCalls() - before;
    System.out.printf("200 recoveries in a burst: %d round trips%n", roundTrips);
    assertThat(roundTrips).isBetween(1L, 20L);
  }

  private long evalCalls() {
    String stats = (String) cluster.server.command("INFO", "commandstats");
    Matcher m = Pattern.compile("cmdstat_eval:calls=(\\d+)").matcher(stats);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void onTheApplicationsClientItSharesAndLeavesTheClientOpen() throws Exception {
    Instance a = cluster.start("a");
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(cluster.server.uri());
    try {
      RedisSharedHealth own =
          RedisSharedHealth.builder(client).keyPrefix(cluster.prefix).instanceId("own").build();
      assertThat(own.toString()).contains("(the application's RedisClient)");
      RecordingUpdates updates = new RecordingUpdates();
      own.start(updates);
      own.whenUp().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      Target target = target("on-their-client");
      Instant at = cluster.clock.now();
      a.health().failed(target, POLICY, benchedHereAt(at), at);
      assertThat(updates.await(u -> u.isBench(target), WAIT).round()).isEqualTo(1);

      own.close();

      try (var connection = client.connect()) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void startTwiceIsAMistakeAndCloseIsIdempotent() throws Exception {
    Instance a = cluster.start("a");
    assertThatThrownBy(() -> a.health().start(new RecordingUpdates()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started already");
    assertThat(a.health().isConnected()).isTrue();

    a.health().close();
    a.health().close();

    assertThat(a.health().isConnected()).isFalse();
    // Calls after close are quiet no-ops.
    Target target = target("after-close");
    a.health().failed(target, POLICY, ONE_FAILURE, cluster.clock.now());
    a.health().rateLimited(target, cluster.clock.now().plusSeconds(5));
    a.health().recovered(target);
    assertThatThrownBy(() -> a.health().start(new RecordingUpdates()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private String key(String target, String kind) {
    return cluster.key(target + ":" + kind);
  }

  private static String encoded(Target target) {
    return HealthKeys.encode(target);
  }
}
