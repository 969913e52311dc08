package dev.majordomo.benchmarks;

import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import dev.majordomo.redis.RedisServer;
import dev.majordomo.redis.RedisSharedHealth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * B11: an outage, simulated. {@code instances} registries (the instances of a service) run {@code
 * callers} callers each; every caller calls the chain {@code sim/failing,sim/healthy} once per
 * {@code period} (starting at a random point of the first period), for {@code duration}. From the
 * start, {@code sim/failing} answers 503 after {@code latency} (a provider that is down); {@code
 * sim/healthy} answers at once. No retries on the same target (each failed call is one failed
 * attempt), the default health policy (three failures bench a target for 30 s).
 *
 * <p>Measured, with local health only and with health shared through a throw-away {@code
 * redis-server} on loopback, alternately: the calls that reached the failing target (each one a
 * failed attempt a user waited for) and, from the first failure, the time until every instance had
 * benched it. Every call must end answered by one of the two targets.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.majordomo.benchmarks.SharedHealthOutage \
 *     [instances=8] [callers=16] [period=1000ms] [latency=10ms] [duration=3000ms] [runs=5]
 * </pre>
 */
public final class SharedHealthOutage {
  private static final Request REQUEST = Request.of(Message.user(Canned.QUESTION));

  private SharedHealthOutage() {}

  /** The parameters of a simulation. */
  record Setup(
      int instances, int callers, long periodMillis, long latencyMillis, long durationMillis) {}

  /**
   * One run's outcome.
   *
   * @param failedCalls calls that reached the failing target
   * @param untilAllBenchedMillis from the first failure to the last instance's bench, or -1 if an
   *     instance never benched it
   * @param calls calls made, all answered
   */
  record Outcome(int failedCalls, double untilAllBenchedMillis, int calls) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected name=value, got " + arg);
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Setup setup =
        new Setup(
            Integer.parseInt(options.getOrDefault("instances", "8")),
            Integer.parseInt(options.getOrDefault("callers", "16")),
            millis(options.getOrDefault("period", "1000ms")),
            millis(options.getOrDefault("latency", "10ms")),
            millis(options.getOrDefault("duration", "3000ms")));
    int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    System.out.println("# " + setup + ", " + runs + " runs of each, alternating");

    List<Outcome> local = new ArrayList<>();
    List<Outcome> shared = new ArrayList<>();
    try (RedisServer server = RedisServer.start(Path.of("target", "redis-bench"))) {
      // One untimed run of each first: class loading and the first connections.
      simulate(setup, null, "warm-up-");
      simulate(setup, server, "warm-up-");
      for (int run = 0; run < runs; run++) {
        local.add(simulate(setup, null, "run-" + run + "-"));
        shared.add(simulate(setup, server, "run-" + run + "-"));
        System.out.printf("run %d: local %s | shared %s%n", run, local.get(run), shared.get(run));
      }
    }
    report("local health only", local);
    report("shared through Redis", shared);
    double ratio = median(local, Outcome::failedCalls) / median(shared, Outcome::failedCalls);
    System.out.printf("failed calls, local / shared (medians): %.1fx%n", ratio);
  }

  /** One simulated outage; {@code server} null for local health only. */
  static Outcome simulate(Setup setup, RedisServer server, String runName) throws Exception {
    AtomicInteger failedCalls = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    List<Registry> registries = new ArrayList<>();
    List<RedisSharedHealth> healths = new ArrayList<>();
    String prefix = "bench-" + runName + System.nanoTime() + ":";
    try {
      for (int i = 0; i < setup.instances(); i++) {
        Registry.Builder b =
            Registry.builder()
                .withoutProviderDiscovery()
                .provider(new OutageProvider(setup.latencyMillis(), failedCalls))
                .env(Map.of());
        if (server != null) {
          RedisSharedHealth health =
              RedisSharedHealth.builder(server.uri())
                  .keyPrefix(prefix)
                  .instanceId("instance-" + i)
                  .build();
          healths.add(health);
          b.sharedHealth(health);
        }
        registries.add(b.build());
      }
      awaitConnected(healths);

      FailoverPolicy noRetries = FailoverPolicy.DEFAULT.withTransientRetries(0);
      List<Chain> chains = new ArrayList<>();
      for (Registry r : registries) {
        chains.add(r.chain("sim/failing,sim/healthy", noRetries));
      }
      Target failing = chains.get(0).targets().get(0);

      int n = setup.instances();
      AtomicLongArray benchedAt = new AtomicLongArray(n); // nanoTime, 0 until seen
      long[] firstFailure = {Long.MAX_VALUE};
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      long period = TimeUnit.MILLISECONDS.toNanos(setup.periodMillis());
      long duration = TimeUnit.MILLISECONDS.toNanos(setup.durationMillis());
      long[] start = new long[1];
      for (int i = 0; i < n; i++) {
        Chain chain = chains.get(i);
        for (int c = 0; c < setup.callers(); c++) {
          Thread t =
              new Thread(
                  () -> {
                    try {
                      go.await();
                      long next = start[0] + ThreadLocalRandom.current().nextLong(period);
                      while (next < start[0] + duration) {
                        LockSupport.parkNanos(next - System.nanoTime());
                        Response response = chain.call(REQUEST);
                        calls.incrementAndGet();
                        if (response.attempts().size() > 1) {
                          synchronized (firstFailure) {
                            // the failed attempt ended before the healthy one began
                            firstFailure[0] = Math.min(firstFailure[0], System.nanoTime());
                          }
                        }
                        next += period;
                      }
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  },
                  "caller-" + i + "-" + c);
          t.setDaemon(true);
          threads.add(t);
          t.start();
        }
      }
      // Watches every registry's tracker, as a caller's next call would read it.
      Thread watcher =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  for (int i = 0; i < n; i++) {
                    if (benchedAt.get(i) == 0 && registries.get(i).health().isBenched(failing)) {
                      benchedAt.set(i, System.nanoTime());
                    }
                  }
                  LockSupport.parkNanos(50_000);
                }
              },
              "watcher");
      watcher.setDaemon(true);
      start[0] = System.nanoTime();
      watcher.start();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      watcher.interrupt();
      watcher.join();
      if (!errors.isEmpty()) {
        throw new IllegalStateException(errors.size() + " calls failed", errors.get(0));
      }
      long last = 0;
      for (int i = 0; i < n; i++) {
        if (benchedAt.get(i) == 0) {
          last = -1;
          break;
        }
        last = Math.max(last, benchedAt.get(i));
      }
      // The first failure is seen when its call returns: a watcher may see the bench first.
      long first = Math.min(firstFailure[0], firstBench(benchedAt));
      double untilAll = last < 0 ? -1 : (last - first) / 1e6;
      return new Outcome(failedCalls.get(), untilAll, calls.get());
    } finally {
      for (Registry r : registries) {
        r.close();
      }
    }
  }

  private static long firstBench(AtomicLongArray benchedAt) {
    long first = Long.MAX_VALUE;
    for (int i = 0; i < benchedAt.length(); i++) {
      if (benchedAt.get(i) != 0) {
        first = Math.min(first, benchedAt.get(i));
      }
    }
    return first;
  }

  private static void awaitConnected(List<RedisSharedHealth> healths) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (RedisSharedHealth h : healths) {
      while (!h.isConnected()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(h + " did not connect");
        }
        LockSupport.parkNanos(1_000_000);
      }
    }
  }

  private static void report(String name, List<Outcome> outcomes) {
    System.out.printf(
        "%s: failed calls median %.0f (runs: %s); until every instance benched it, median %.1f ms"
            + " (runs: %s)%n",
        name,
        median(outcomes, Outcome::failedCalls),
        outcomes.stream().map(o -> String.valueOf(o.failedCalls())).toList(),
        median(outcomes, Outcome::untilAllBenchedMillis),
        outcomes.stream().map(o -> String.format("%.1f", o.untilAllBenchedMillis())).toList());
  }

  private static double median(
      List<Outcome> outcomes, java.util.function.ToDoubleFunction<Outcome> f) {
    double[] values = outcomes.stream().mapToDouble(f).toArray();
    Arrays.sort(values);
    int m = values.length / 2;
    return values.length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
  }

  private static long millis(String value) {
    String v = value.endsWith("ms") ? value.substring(0, value.length() - 2) : value;
    return Long.parseLong(v);
  }

  /**
   * Scheme {@code sim}: {@code failing} sleeps {@code latency} then answers 503 (counted), any
   * other model answers at once.
   */
  static final class OutageProvider implements Provider {
    private static final Response ANSWER = Response.ofText(Canned.ANSWER);
    private final long latencyMillis;
    private final AtomicInteger failedCalls;

    OutageProvider(long latencyMillis, AtomicInteger failedCalls) {
      this.latencyMillis = latencyMillis;
      this.failedCalls = failedCalls;
    }

    @Override
    public String scheme() {
      return "sim";
    }

    @Override
    public Model open(ModelSpec spec, ProviderContext context) {
      boolean failing = "failing".equals(spec.modelId());
      return new Model() {
        @Override
        public Response call(Request request) {
          if (!failing) {
            return ANSWER;
          }
          failedCalls.incrementAndGet();
          try {
            Thread.sleep(latencyMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw LlmException.builder(ErrorKind.TRANSIENT, "503 for the simulated outage")
              .status(503)
              .build();
        }

        @Override
        public ResponseStream stream(Request request) {
          throw new UnsupportedOperationException("the simulation does not stream");
        }
      };
    }
  }
}
