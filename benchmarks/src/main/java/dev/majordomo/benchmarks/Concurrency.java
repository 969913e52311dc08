package dev.majordomo.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * B13: B1's one chat completion with many concurrent callers against the loopback server:
 * throughput (calls per second), latency percentiles, and CPU time per call (the whole process, and
 * the server's threads alone), for each contender at each number of callers. A program, not JMH:
 * the callers are plain threads (or, on JDK 21 and later with {@code virtual}, virtual threads)
 * looping calls, each recording its latencies in a {@link LatencyHistogram} of its own.
 *
 * <p>For each number of callers the contenders take turns ({@code rounds} times each, after a
 * discarded warm-up turn), so that a change in the machine's load hits them alike. A turn starts
 * the callers, lets them run {@code warmup}, then measures for {@code measure}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.majordomo.benchmarks.Concurrency \
 *     [callers=1,8,64,256] [contenders=floor,majordomo,langchain4j] [threads=platform|virtual] \
 *     [rounds=3] [warmup=2s] [measure=4s] [first=10s]
 * </pre>
 *
 * Contenders: {@code floor} (the OkHttp + Jackson floor on a client whose connection pool keeps as
 * many idle connections as Majordomo's), {@code floorDefaultPool} (the floor on a default {@code
 * OkHttpClient}, which keeps 5 idle connections), {@code floorWithProviderHeaders} (the floor
 * sending Majordomo's two extra headers, on the same pool as {@code floor}, for reference), {@code
 * majordomo}, {@code langchain4j}.
 */
public final class Concurrency {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * The idle connections Majordomo's registry keeps (RegistryProviderContext; 32 before this
   * benchmark showed the reconnects): the floor's client is given the same, so that neither
   * reconnects more than the other.
   */
  static final int MAJORDOMO_MAX_IDLE = 256;

  private Concurrency() {}

  /** One turn's outcome. */
  record Turn(
      String contender,
      int callers,
      long calls,
      double seconds,
      LatencyHistogram latencies,
      long processCpuNanos,
      long serverCpuNanos,
      long connections,
      long errors) {
    double perSecond() {
      return calls / seconds;
    }

    double cpuMicrosPerCall() {
      return processCpuNanos / 1000.0 / calls;
    }

    double serverCpuMicrosPerCall() {
      return serverCpuNanos / 1000.0 / calls;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    int[] callerCounts =
        java.util.Arrays.stream(opts.getOrDefault("callers", "1,8,64,256").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    List<String> names =
        List.of(opts.getOrDefault("contenders", "floor,majordomo,langchain4j").split(","));
    boolean virtual = opts.getOrDefault("threads", "platform").equals("virtual");
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
    Duration warmup = duration(opts.getOrDefault("warmup", "2s"));
    Duration measure = duration(opts.getOrDefault("measure", "4s"));
    Duration first = duration(opts.getOrDefault("first", "10s"));

    System.out.printf(
        Locale.ROOT,
        "# java %s, %d cpus, callers %s, %s threads, %d rounds, warm-up %s, measured %s%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        opts.getOrDefault("callers", "1,8,64,256"),
        virtual ? "virtual" : "platform",
        rounds,
        warmup,
        measure);
    try (LoopbackServer server = LoopbackServer.canned()) {
      Map<String, Supplier<String>> contenders = new LinkedHashMap<>();
      for (String name : names) {
        Supplier<String> call = contender(name, server);
        Check.equal(Canned.ANSWER, call.get());
        contenders.put(name, call);
      }
      // The JIT's first pass over every contender, at a middling concurrency.
      for (Map.Entry<String, Supplier<String>> c : contenders.entrySet()) {
        turn(c.getKey(), c.getValue(), 8, virtual, first, Duration.ofSeconds(1), server);
      }
      System.out.println(
          "contender\tcallers\tround\tcalls/s\tp50 us\tp99 us\tp99.9 us\tmean us\tcpu us/call"
              + "\tserver cpu us/call\tnew connections\terrors");
      Map<String, List<Turn>> all = new LinkedHashMap<>();
      for (int callers : callerCounts) {
        for (Map.Entry<String, Supplier<String>> c : contenders.entrySet()) {
          turn(c.getKey(), c.getValue(), callers, virtual, warmup, Duration.ofSeconds(1), server);
        }
        for (int round = 1; round <= rounds; round++) {
          for (Map.Entry<String, Supplier<String>> c : contenders.entrySet()) {
            Turn t = turn(c.getKey(), c.getValue(), callers, virtual, warmup, measure, server);
            all.computeIfAbsent(c.getKey() + "\t" + callers, k -> new ArrayList<>()).add(t);
            System.out.printf(
                Locale.ROOT,
                "%s\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d%n",
                t.contender(),
                callers,
                round,
                t.perSecond(),
                t.latencies().percentile(0.5) / 1000.0,
                t.latencies().percentile(0.99) / 1000.0,
                t.latencies().percentile(0.999) / 1000.0,
                t.latencies().meanNanos() / 1000.0,
                t.cpuMicrosPerCall(),
                t.serverCpuMicrosPerCall(),
                t.connections(),
                t.errors());
          }
        }
      }
      System.out.println();
      System.out.println(
          "# medians of the rounds\ncontender\tcallers\tcalls/s\tp50 us\tp99 us\tcpu us/call"
              + "\tserver cpu us/call");
      for (Map.Entry<String, List<Turn>> e : all.entrySet()) {
        List<Turn> ts = e.getValue();
        System.out.printf(
            Locale.ROOT,
            "%s\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f%n",
            e.getKey(),
            median(ts, Turn::perSecond),
            median(ts, t -> t.latencies().percentile(0.5) / 1000.0),
            median(ts, t -> t.latencies().percentile(0.99) / 1000.0),
            median(ts, Turn::cpuMicrosPerCall),
            median(ts, Turn::serverCpuMicrosPerCall));
      }
    }
  }

  static Supplier<String> contender(String name, LoopbackServer server) {
    switch (name) {
      case "floor" -> {
        Floor floor = new Floor(pooledClient(), server.baseUrl() + "/v1/chat/completions");
        return () -> floor.ask(Canned.QUESTION);
      }
      case "floorNoTimeouts" -> {
        Floor floor =
            new Floor(client(MAJORDOMO_MAX_IDLE, false), server.baseUrl() + "/v1/chat/completions");
        return () -> floor.ask(Canned.QUESTION);
      }
      case "floorIdle256" -> {
        Floor floor = new Floor(client(256, true), server.baseUrl() + "/v1/chat/completions");
        return () -> floor.ask(Canned.QUESTION);
      }
      case "majordomoNoTimeouts" -> {
        BenchAssistant assistant =
            dev.majordomo.Assistants.create(
                BenchAssistant.class,
                dev.majordomo.Registry.builder()
                    .env(Map.of("LLM_BENCH", server.openAiDsn("bench")))
                    .httpClient(client(MAJORDOMO_MAX_IDLE, false))
                    .build());
        return () -> assistant.ask(Canned.QUESTION);
      }
      case "floorDefaultPool" -> {
        Floor floor = new Floor(server);
        return () -> floor.ask(Canned.QUESTION);
      }
      case "floorWithProviderHeaders" -> {
        Floor floor =
            Floor.withProviderHeaders(pooledClient(), server.baseUrl() + "/v1/chat/completions");
        return () -> floor.ask(Canned.QUESTION);
      }
      case "majordomo" -> {
        BenchAssistant assistant = Majordomo.assistant(server);
        return () -> assistant.ask(Canned.QUESTION);
      }
      case "langchain4j" -> {
        LangChain4j.Assistant assistant = LangChain4j.assistant(server);
        return () -> assistant.ask(Canned.QUESTION);
      }
      default -> throw new IllegalArgumentException("unknown contender " + name);
    }
  }

  /** An OkHttp client whose pool keeps as many idle connections as Majordomo's registry's. */
  static OkHttpClient pooledClient() {
    return client(MAJORDOMO_MAX_IDLE, true);
  }

  /** For experiments: a pool of {@code maxIdle}, with OkHttp's read and write timeouts or none. */
  static OkHttpClient client(int maxIdle, boolean timeouts) {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder().connectionPool(new ConnectionPool(maxIdle, 5, TimeUnit.MINUTES));
    if (!timeouts) {
      b.readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO);
    }
    return b.build();
  }

  /** A thread of {@link #turn}: loops calls until told to stop, recording while measured. */
  private static final class Caller implements Runnable {
    private final Supplier<String> call;
    private final CountDownLatch done;
    final LatencyHistogram latencies = new LatencyHistogram();
    volatile int phase; // 0 warm-up, 1 measured, 2 stop
    long errors;

    Caller(Supplier<String> call, CountDownLatch done) {
      this.call = call;
      this.done = done;
    }

    @Override
    public void run() {
      try {
        while (true) {
          int p = phase;
          if (p == 2) {
            return;
          }
          long start = System.nanoTime();
          try {
            call.get();
          } catch (RuntimeException e) {
            errors++;
            continue;
          }
          long elapsed = System.nanoTime() - start;
          // counted when it started and ended within the measured time
          if (p == 1 && phase == 1) {
            latencies.record(elapsed);
          }
        }
      } finally {
        done.countDown();
      }
    }
  }

  static Turn turn(
      String name,
      Supplier<String> call,
      int callers,
      boolean virtual,
      Duration warmup,
      Duration measure,
      LoopbackServer server)
      throws Exception {
    CountDownLatch done = new CountDownLatch(callers);
    List<Caller> running = new ArrayList<>();
    ExecutorService virtualThreads = virtual ? VirtualThreads.perTask() : null;
    for (int i = 0; i < callers; i++) {
      Caller c = new Caller(call, done);
      running.add(c);
      if (virtualThreads != null) {
        virtualThreads.execute(c);
      } else {
        Thread t = new Thread(c, "caller-" + i);
        t.setDaemon(true);
        t.start();
      }
    }
    Thread.sleep(warmup.toMillis());
    long connections = server.connectionsAccepted();
    long serverCpu = server.cpuNanos();
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    for (Caller c : running) {
      c.phase = 1;
    }
    Thread.sleep(measure.toMillis());
    for (Caller c : running) {
      c.phase = 2;
    }
    long end = System.nanoTime();
    long cpuUsed = OS.getProcessCpuTime() - cpu;
    long serverUsed = server.cpuNanos() - serverCpu;
    long newConnections = server.connectionsAccepted() - connections;
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": callers did not stop");
    }
    if (virtualThreads != null) {
      virtualThreads.shutdown();
    }
    LatencyHistogram all = new LatencyHistogram();
    long errors = 0;
    for (Caller c : running) {
      all.add(c.latencies);
      errors += c.errors;
    }
    return new Turn(
        name,
        callers,
        all.count(),
        (end - start) / 1e9,
        all,
        cpuUsed,
        serverUsed,
        newConnections,
        errors);
  }

  private static double median(List<Turn> turns, java.util.function.ToDoubleFunction<Turn> f) {
    double[] values = turns.stream().mapToDouble(f).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    throw new IllegalArgumentException("a duration like 500ms or 4s: " + text);
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("name=value expected: " + arg);
      }
      opts.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return opts;
  }
}
