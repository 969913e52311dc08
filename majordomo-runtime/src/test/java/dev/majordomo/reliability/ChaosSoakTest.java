package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.MajordomoException;
import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import dev.majordomo.reliability.Faults.Fault;
import dev.majordomo.reliability.Faults.Variant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak: four loopback targets, one per provider (openai, foreman, anthropic, ollama),
 * each with a random fault schedule drawn from one seeded {@link Random}; 32 callers make 5,000
 * calls (three in four plain, one in four streamed) through one chain over the four. Every prompt
 * carries the call's id and every server echoes it, so the test proves that each answer reached the
 * caller that asked. It checks that every call completed exactly once, as an answer or a typed
 * {@link MajordomoException}; that the health tracker's invariants hold in samples taken during the
 * run and at its end; and that nothing leaked. It prints the counts.
 *
 * <p>The seed is {@value #DEFAULT_SEED} unless {@code -Dmajordomo.chaos.seed=<n>} says otherwise.
 * Thread scheduling is not seeded, so two runs with one seed differ in detail, not in kind.
 */
class ChaosSoakTest {
  static final long DEFAULT_SEED = 20260101L;
  static final int CALLERS = 32;
  static final int CALLS = 5_000;
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(400);
  static final Duration DEADLINE = Duration.ofSeconds(3);
  static final Duration HANG = Duration.ofSeconds(30);
  static final HealthPolicy HEALTH =
      new HealthPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));
  static final FailoverPolicy POLICY =
      FailoverPolicy.DEFAULT
          .withTransientRetries(1)
          .withBackoffBase(Duration.ofMillis(5))
          .withBackoffMax(Duration.ofMillis(20))
          .withRetryAfterCap(Duration.ofMillis(20))
          .withDeadline(DEADLINE);
  static final Pattern ID = Pattern.compile("#(\\d+)#");

  /** The faults a flaky target draws from; stalls and slow bodies are drawn less often. */
  static final List<Fault> FLAKY_FAULTS =
      List.of(
          Fault.RESET_BEFORE_HEADERS,
          Fault.RESET_MID_BODY,
          Fault.RATE_LIMITED_429,
          Fault.HTTP_500,
          Fault.HTTP_503,
          Fault.HTTP_529,
          Fault.MALFORMED_JSON,
          Fault.TRUNCATED,
          Fault.ERROR_EVENT,
          Fault.WRONG_CONTENT_TYPE,
          Fault.STALL,
          Fault.SLOW_BODY);

  static final List<Fault> DOWN_FAULTS =
      List.of(Fault.HTTP_500, Fault.HTTP_503, Fault.HTTP_529, Fault.RESET_BEFORE_HEADERS);

  /**
   * One target's fault schedule, drawn from a seeded {@link Random}: consecutive phases of 200 to
   * 1,000 ms of healthy service (55 %), flaky service (25 %: three requests in ten faulted), an
   * outage (15 %: every request fails fast, the same way) or stalling (5 %: every other request
   * stalls or trickles past the timeout). Phases are measured in time, not requests, so that a
   * target the chain has benched recovers on time like a real one.
   */
  static final class Schedule {
    enum Mode {
      HEALTHY,
      FLAKY,
      DOWN,
      STALLING
    }

    private record Phase(long endNanos, Mode mode, Fault downFault) {}

    private final Random random;
    private final List<Phase> plan = new ArrayList<>();
    private long startNanos;
    final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    int healthy;
    int late;

    Schedule(long seed) {
      this.random = new Random(seed);
      long end = 0;
      while (end < TimeUnit.MINUTES.toNanos(3)) {
        int draw = random.nextInt(100);
        Mode mode =
            draw < 55
                ? Mode.HEALTHY
                : draw < 80 ? Mode.FLAKY : draw < 95 ? Mode.DOWN : Mode.STALLING;
        end += TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(801));
        plan.add(new Phase(end, mode, DOWN_FAULTS.get(random.nextInt(DOWN_FAULTS.size()))));
      }
    }

    /** Starts the clock of the plan. */
    synchronized void start(long nanos) {
      startNanos = nanos;
    }

    /** The fault for the next request, or {@code null} to answer it. */
    synchronized Fault next() {
      long at = System.nanoTime() - startNanos;
      Phase phase = plan.get(plan.size() - 1);
      for (Phase p : plan) {
        if (at < p.endNanos()) {
          phase = p;
          break;
        }
      }
      Fault fault =
          switch (phase.mode()) {
            case HEALTHY -> null;
            case FLAKY -> random.nextInt(10) < 3 ? flakyFault() : null;
            case DOWN -> phase.downFault();
            case STALLING ->
                random.nextBoolean()
                    ? (random.nextBoolean() ? Fault.STALL : Fault.SLOW_BODY)
                    : null;
          };
      if (fault == null) {
        healthy++;
      } else {
        injected.merge(fault, 1, Integer::sum);
      }
      return fault;
    }

    /** How many phases of each mode the first {@code nanos} of the plan hold. */
    synchronized Map<Mode, Integer> phasesWithin(long nanos) {
      Map<Mode, Integer> out = new EnumMap<>(Mode.class);
      long begin = 0;
      for (Phase p : plan) {
        if (begin >= nanos) {
          break;
        }
        out.merge(p.mode(), 1, Integer::sum);
        begin = p.endNanos();
      }
      return out;
    }

    private Fault flakyFault() {
      Fault f = FLAKY_FAULTS.get(random.nextInt(FLAKY_FAULTS.size()));
      if ((f == Fault.STALL || f == Fault.SLOW_BODY) && random.nextInt(4) != 0) {
        f = FLAKY_FAULTS.get(random.nextInt(FLAKY_FAULTS.size() - 2));
      }
      return f;
    }

    /** Whether a stream's fault strikes after its first event. */
    synchronized boolean strikesLate(Fault fault) {
      boolean isLate = fault.midStream && random.nextBoolean();
      if (isLate) {
        late++;
      }
      return isLate;
    }
  }

  /** What the listener saw of one target. */
  static final class TargetStats {
    final LongAdder attempts = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final Map<ErrorKind, LongAdder> failed = new ConcurrentHashMap<>();
    final Map<String, LongAdder> causes = new ConcurrentHashMap<>();
    final LongAdder retries = new LongAdder();
    final LongAdder skippedBenched = new LongAdder();
    final LongAdder skippedOther = new LongAdder();
    final LongAdder benches = new LongAdder();
  }

  @Test
  void fiveThousandCallsThroughFourFaultyTargetsEachCompleteExactlyOnce() throws Exception {
    long seed = Long.getLong("majordomo.chaos.seed", DEFAULT_SEED);
    Random master = new Random(seed);
    Wire[] wires = Wire.values();
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(64);
    OkHttpClient client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
            .build();
    Leaks leaks = Leaks.watch(client);
    // MockWebServer warns of every connection a timed-out client dropped: thousands of lines here.
    Logger serverLog = Logger.getLogger(MockWebServer.class.getName());
    Level serverLevel = serverLog.getLevel();
    serverLog.setLevel(Level.SEVERE);

    Schedule[] schedules = new Schedule[wires.length];
    LoopbackServer[] servers = new LoopbackServer[wires.length];
    Map<Target, TargetStats> stats = new ConcurrentHashMap<>();
    Map<Target, Wire> wireOf = new ConcurrentHashMap<>();
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    Queue<String> overruns = new ConcurrentLinkedQueue<>();
    try {
      Registry.Builder builder =
          Registry.builder()
              .withoutProviderDiscovery()
              .env(Map.of())
              .httpClient(client)
              .healthPolicy(HEALTH)
              .failoverPolicy(POLICY)
              .listener(event -> count(event, stats));
      List<String> names = new ArrayList<>();
      for (int i = 0; i < wires.length; i++) {
        Wire wire = wires[i];
        Schedule schedule = new Schedule(master.nextLong());
        schedules[i] = schedule;
        servers[i] = new LoopbackServer((server, r) -> serve(wire, schedule, server, r));
        builder
            .provider(wire.provider())
            .model("t" + i, wire.dsn(servers[i].port(), ATTEMPT_TIMEOUT));
        names.add("t" + i);
      }
      Registry registry = builder.build();
      Chain chain = registry.chain(String.join(",", names));
      for (int i = 0; i < wires.length; i++) {
        Target t = chain.targets().get(i);
        wireOf.put(t, wires[i]);
        stats.put(t, new TargetStats());
      }

      AtomicReferenceArray<String> outcomes = new AtomicReferenceArray<>(CALLS);
      long[] latencies = new long[CALLS];
      AtomicInteger nextId = new AtomicInteger();
      AtomicInteger samples = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
      for (int c = 0; c < CALLERS; c++) {
        callers.execute(
            () -> {
              try {
                start.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              int id;
              while ((id = nextId.getAndIncrement()) < CALLS) {
                long began = System.nanoTime();
                String outcome = callOnce(chain, id, wireOf, violations, overruns);
                latencies[id] = System.nanoTime() - began;
                if (!outcomes.compareAndSet(id, null, outcome)) {
                  violations.add("call " + id + " completed twice: " + outcome);
                }
                if (id % 25 == 0) {
                  samples.incrementAndGet();
                  checkHealth(registry, chain, violations, "during the run");
                }
              }
            });
      }
      long began = System.nanoTime();
      for (Schedule schedule : schedules) {
        schedule.start(began);
      }
      start.countDown();
      callers.shutdown();
      boolean finished = callers.awaitTermination(3, TimeUnit.MINUTES);
      Duration wall = Duration.ofNanos(System.nanoTime() - began);
      assertThat(finished).as("every caller finished").isTrue();
      checkHealth(registry, chain, violations, "at the end");

      Map<String, Integer> byOutcome = new TreeMap<>();
      int missing = 0;
      for (int id = 0; id < CALLS; id++) {
        String o = outcomes.get(id);
        if (o == null) {
          missing++;
        } else {
          byOutcome.merge(o, 1, Integer::sum);
        }
      }
      for (Target t : chain.targets()) {
        TargetHealth h = registry.health().state(t);
        if (stats.get(t).benches.sum() < h.round()) {
          violations.add(
              t + ": round " + h.round() + " but only " + stats.get(t).benches + " benches");
        }
      }

      print(
          seed,
          wall,
          byOutcome,
          missing,
          latencies,
          samples.get(),
          chain,
          stats,
          schedules,
          servers,
          registry,
          overruns);

      assertThat(violations).as("violations").isEmpty();
      assertThat(missing).as("calls that never completed").isZero();
      assertThat(byOutcome.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLS);
      assertThat(byOutcome.keySet())
          .as("every outcome is an answer or a typed error")
          .allMatch(o -> o.startsWith("answer ") || o.startsWith("error "));
      Map<String, Integer> answeredBy = new TreeMap<>();
      byOutcome.forEach(
          (k, v) -> {
            if (k.startsWith("answer by ")) {
              answeredBy.put(k.substring("answer by ".length()), v);
            }
          });
      long answers = answeredBy.values().stream().mapToInt(Integer::intValue).sum();
      // Not a figure to meet (CPU starvation on a shared machine turns answers into timeouts), only
      // a guard that the soak measured something: most calls answered, and by more than one target.
      assertThat(answers).as("answers").isGreaterThan(CALLS / 2L);
      assertThat(answeredBy).as("targets that answered").hasSizeGreaterThan(1);
      long failures =
          stats.values().stream()
              .flatMap(st -> st.failed.values().stream())
              .mapToLong(LongAdder::sum)
              .sum();
      assertThat(failures).as("failed attempts").isPositive();
      // The fault matrix holds each call to its deadline; here a starved machine (the soak runs
      // beside other builds on two cores) can delay a timeout by seconds, so this only proves that
      // no call hangs.
      long slowest = Arrays.stream(latencies).max().orElse(0);
      assertThat(Duration.ofNanos(slowest)).as("the slowest call").isLessThan(HANG);
    } finally {
      for (LoopbackServer s : servers) {
        if (s != null) {
          s.close();
        }
      }
      serverLog.setLevel(serverLevel);
    }
    leaks.assertNoCallOrConnection();
    client.connectionPool().evictAll();
    leaks.assertNothingLeaked();
    client.dispatcher().executorService().shutdown();
  }

  /**
   * One call: its outcome as "answer by &lt;scheme&gt;" or "error &lt;type&gt;". A wrong answer, an
   * untyped error, or a provider error outside a stream's reading is noted as a violation; a call
   * that ran past the deadline is noted with its attempts.
   */
  private static String callOnce(
      Chain chain,
      int id,
      Map<Target, Wire> wireOf,
      Queue<String> violations,
      Queue<String> overruns) {
    Request request = Request.of(Message.user("Echo this: #" + id + "#"));
    boolean streamed = id % 4 == 3;
    boolean reading = false;
    long began = System.nanoTime();
    List<Attempt> attempts = List.of();
    String outcome;
    try {
      Response reply;
      if (streamed) {
        try (ResponseStream stream = chain.stream(request)) {
          reading = true;
          reply = stream.collect();
        }
      } else {
        reply = chain.call(request);
      }
      attempts = reply.attempts();
      Wire wire = wireOf.get(reply.answeredBy());
      String expected = "#" + id + "# by " + (wire == null ? "?" : wire.label());
      if (!expected.equals(reply.text())) {
        violations.add(
            "call "
                + id
                + " got '"
                + reply.text()
                + "' from "
                + reply.answeredBy()
                + ", not '"
                + expected
                + "'");
      }
      outcome = "answer by " + (wire == null ? "an unknown target" : wire.label());
    } catch (ChainExhaustedException e) {
      // ChainDeadlineException included: the deadline passed before any target answered.
      attempts = e.attempts();
      outcome = "error " + e.getClass().getSimpleName();
    } catch (LlmException e) {
      if (!reading) {
        violations.add("call " + id + ": a provider error outside a stream's reading: " + e);
      }
      outcome = "error LlmException " + e.kind() + " (stream cut after its first event)";
    } catch (MajordomoException e) {
      outcome = "error " + e.getClass().getSimpleName();
    } catch (RuntimeException | Error e) {
      violations.add("call " + id + ": untyped " + e);
      outcome = "untyped " + e.getClass().getName();
    }
    long ms = (System.nanoTime() - began) / 1_000_000;
    if (ms > DEADLINE.toMillis() + 200) {
      StringBuilder b = new StringBuilder("call " + id + " took " + ms + " ms (" + outcome + "):");
      for (Attempt a : attempts) {
        b.append("\n      ").append(a.elapsed().toMillis()).append(" ms ").append(a);
      }
      overruns.add(b.toString());
    }
    return outcome;
  }

  private static MockResponse serve(
      Wire wire, Schedule schedule, LoopbackServer server, RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    Matcher m = ID.matcher(body);
    String id = m.find() ? m.group(1) : "?";
    boolean stream = wire.wantsStream(request);
    Fault fault = schedule.next();
    if (fault == null) {
      String head = "#" + id + "# ";
      String tail = "by " + wire.label();
      return stream
          ? Faults.body(wire.streamContentType(), wire.stream(head, tail)).build()
          : Faults.body("application/json", wire.reply(head + tail)).build();
    }
    Variant variant =
        !stream
            ? Variant.CALL
            : schedule.strikesLate(fault) ? Variant.STREAM_LATE : Variant.STREAM_EARLY;
    return Faults.answer(wire, fault, variant, server, "partial ");
  }

  private static void count(ChainEvent event, Map<Target, TargetStats> stats) {
    if (event instanceof ChainEvent.AttemptStarted e) {
      stats.get(e.target()).attempts.increment();
    } else if (event instanceof ChainEvent.Succeeded e) {
      stats.get(e.target()).succeeded.increment();
    } else if (event instanceof ChainEvent.Failed e) {
      TargetStats st = stats.get(e.target());
      st.failed.computeIfAbsent(e.kind(), k -> new LongAdder()).increment();
      st.causes.computeIfAbsent(cause(e.error()), k -> new LongAdder()).increment();
    } else if (event instanceof ChainEvent.Retrying e) {
      stats.get(e.target()).retries.increment();
    } else if (event instanceof ChainEvent.Skipped e) {
      if (e.reason().startsWith("benched")) {
        stats.get(e.target()).skippedBenched.increment();
      } else {
        stats.get(e.target()).skippedOther.increment();
      }
    } else if (event instanceof ChainEvent.Benched e) {
      stats.get(e.target()).benches.increment();
    }
  }

  /** The gist of a failure: its HTTP status, or its message without the target and details. */
  static String cause(Throwable error) {
    if (error instanceof LlmException e && e.status().isPresent() && e.status().getAsInt() > 0) {
      return "HTTP " + e.status().getAsInt();
    }
    String m = String.valueOf(error.getMessage());
    if (error instanceof LlmException e && e.target().isPresent()) {
      String prefix = e.target().get() + ": ";
      m = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
    int cut = m.length();
    for (String stop : List.of(":", " (", " [")) {
      int i = m.indexOf(stop);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return m.substring(0, cut).strip();
  }

  /**
   * The tracker's invariants: only the chain's targets appear; a target on record has 1 to
   * threshold failures (0 allowed with a rate limit); a rate limit lasts at most the policy's
   * longest cooldown; it has a bench end exactly when it has been benched (round at least 1); a
   * benched or probationary target is at the threshold; and a bench began in the past and lasts
   * exactly the cooldown of its round, at most the policy's maximum.
   */
  private static void checkHealth(
      Registry registry, Chain chain, Queue<String> violations, String when) {
    Map<Target, TargetHealth> snapshot = registry.health().snapshot();
    Instant now = Instant.now();
    for (Map.Entry<Target, TargetHealth> e : snapshot.entrySet()) {
      Target t = e.getKey();
      TargetHealth h = e.getValue();
      String where = t + " " + when + ": " + h;
      if (!chain.targets().contains(t)) {
        violations.add(where + " is not a target of the chain");
      }
      // A 429 whose attempt the deadline cut leaves a rate limit without a counted failure.
      int fewest = h.rateLimitedUntil() == null ? 1 : 0;
      if (h.consecutiveFailures() < fewest || h.consecutiveFailures() > HEALTH.threshold()) {
        violations.add(
            where + " has a failure count outside " + fewest + ".." + HEALTH.threshold());
      }
      // The fault injector's Retry-After is 1 s, the policy's longest cooldown: the cap.
      if (h.rateLimitedUntil() != null
          && h.rateLimitedUntil().isAfter(now.plus(HEALTH.maxCooldown()))) {
        violations.add(where + " is rate-limited for longer than the policy's longest cooldown");
      }
      if (h.round() < 0 || (h.round() == 0) != (h.benchedUntil() == null)) {
        violations.add(where + " has a bench end iff it was benched: broken");
      }
      if (h.round() >= 1) {
        if (h.consecutiveFailures() != HEALTH.threshold()) {
          violations.add(where + " was benched below the threshold");
        }
        Instant began = h.benchedUntil().minus(HEALTH.cooldown(h.round()));
        if (began.isAfter(now)) {
          violations.add(where + " has a bench that begins in the future");
        }
        if (h.benchedUntil().isAfter(now.plus(HEALTH.maxCooldown()))) {
          violations.add(where + " is benched past the maximum cooldown");
        }
      }
    }
  }

  private static void print(
      long seed,
      Duration wall,
      Map<String, Integer> byOutcome,
      int missing,
      long[] latencies,
      int samples,
      Chain chain,
      Map<Target, TargetStats> stats,
      Schedule[] schedules,
      LoopbackServer[] servers,
      Registry registry,
      Queue<String> overruns) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    StringBuilder s = new StringBuilder("\n=== Chaos soak ===\n");
    s.append(
        String.format(
            "seed %d, %d targets, %d callers, %d calls (1 in 4 streamed), wall time %.1f s%n",
            seed, servers.length, CALLERS, CALLS, wall.toMillis() / 1000.0));
    s.append(
        String.format(
            "call latency: p50 %d ms, p99 %d ms, max %d ms%n",
            sorted[CALLS / 2] / 1_000_000,
            sorted[CALLS * 99 / 100] / 1_000_000,
            sorted[CALLS - 1] / 1_000_000));
    s.append("outcomes (each call completed exactly once; never completed: ")
        .append(missing)
        .append("):\n");
    byOutcome.forEach((k, v) -> s.append(String.format("  %-62s %5d%n", k, v)));
    s.append("health invariants checked in ")
        .append(samples)
        .append(" samples during the run and at the end\n");
    s.append(
        "per target (requests served = healthy + faults injected; chain's view of the same target):\n");
    for (int i = 0; i < servers.length; i++) {
      Target t = chain.targets().get(i);
      TargetStats st = stats.get(t);
      Schedule sc = schedules[i];
      synchronized (sc) {
        s.append(
            String.format(
                "  %-9s served %5d: healthy %5d, faults %4d %s (%d after a stream's first event); phases %s%n",
                Wire.values()[i].label(),
                servers[i].requests.size(),
                sc.healthy,
                sc.injected.values().stream().mapToInt(Integer::intValue).sum(),
                sc.injected,
                sc.late,
                sc.phasesWithin(wall.toNanos())));
      }
      Map<ErrorKind, Long> failed = new TreeMap<>();
      st.failed.forEach((k, v) -> failed.put(k, v.sum()));
      s.append(
          String.format(
              "  %-9s attempts %5d: succeeded %5d, failed %s, retries %d, skipped while benched %d,"
                  + " skipped otherwise %d, benched %d times; health now %s%n",
              "",
              st.attempts.sum(),
              st.succeeded.sum(),
              failed,
              st.retries.sum(),
              st.skippedBenched.sum(),
              st.skippedOther.sum(),
              st.benches.sum(),
              registry.health().state(t)));
      Map<String, Long> causes = new TreeMap<>();
      st.causes.forEach((k, v) -> causes.put(k, v.sum()));
      s.append(String.format("  %-9s failures by cause %s%n", "", causes));
    }
    s.append("calls past the deadline (+200 ms): ").append(overruns.size()).append('\n');
    overruns.stream().limit(5).forEach(o -> s.append("  ").append(o).append('\n'));
    System.out.println(s);
  }
}
