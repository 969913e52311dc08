package dev.majordomo.benchmarks;

import dev.majordomo.Assistants;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;

/**
 * B14: many slow streams at once. {@code streams} consumers each read a Chat Completions stream
 * that delivers one event every {@code interval} ({@link PacedStream}), on a thread of their own
 * (platform threads, or virtual threads on JDK 21 and later with {@code threads=virtual}):
 *
 * <ul>
 *   <li><b>hold</b>: every consumer opens a long stream and reads its first event; when all have,
 *       the program counts the live threads by owner (the server's, the consumers', Majordomo's,
 *       OkHttp's, the JVM's) and the heap after a full GC, minus the same with no stream open,
 *       divided by the streams: heap per open stream. The resident set size is read too, for the
 *       threads' stacks, which are not heap. Then every consumer closes its stream.
 *   <li><b>cpu</b>: every consumer reads a whole stream of {@code events} events; the process's CPU
 *       time (and the server's threads' alone) over the run, divided by the events delivered.
 * </ul>
 *
 * Contenders: {@code majordomo} (a generated assistant's {@code Stream<String>}, the {@code openai}
 * provider) and {@code floor} (OkHttp and jackson-core by hand, {@link PacedStream#floor}), on
 * clients that keep the same idle connections.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.majordomo.benchmarks.ManyStreams \
 *     [contenders=floor,majordomo] [streams=1000] [events=40] [interval=50ms] \
 *     [threads=platform|virtual] [rounds=3] [holdEvents=400]
 * </pre>
 */
public final class ManyStreams {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ManyStreams() {}

  /** Reads one stream, handing each piece of text to the sink until it says stop. */
  @FunctionalInterface
  interface Reader {
    void read(String question, PacedStream.TextSink sink);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Concurrency.options(args);
    List<String> names = List.of(opts.getOrDefault("contenders", "floor,majordomo").split(","));
    int streams = Integer.parseInt(opts.getOrDefault("streams", "1000"));
    int events = Integer.parseInt(opts.getOrDefault("events", "40"));
    int holdEvents = Integer.parseInt(opts.getOrDefault("holdEvents", "400"));
    Duration interval = Concurrency.duration(opts.getOrDefault("interval", "50ms"));
    boolean virtual = opts.getOrDefault("threads", "platform").equals("virtual");
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
    System.out.printf(
        Locale.ROOT,
        "# java %s, %d cpus, max heap %d MB, %d streams, %d events %s apart, %s threads%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        streams,
        events,
        interval,
        virtual ? "virtual" : "platform");
    try (LoopbackServer server = LoopbackServer.start(PacedStream.handler(interval))) {
      Map<String, Reader> readers = new LinkedHashMap<>();
      for (String name : names) {
        Reader reader = reader(name, server);
        StringBuilder text = new StringBuilder();
        reader.read(PacedStream.question(3), t -> text.append(t) != null);
        Check.equal(PacedStream.text(3), text.toString());
        readers.put(name, reader);
      }
      for (Map.Entry<String, Reader> r : readers.entrySet()) {
        // warm-up: the JIT's first pass, and the pools filled
        cpuRun(r.getKey(), r.getValue(), Math.min(streams, 200), events, virtual, server);
        cpuRun(r.getKey(), r.getValue(), streams, events, virtual, server);
      }
      // Twice each, alternately: the first hold of a contender also fills what stays after it
      // (the pool's idle connections, buffers kept for reuse), which the second's baseline holds.
      for (int i = 1; i <= 2; i++) {
        for (Map.Entry<String, Reader> r : readers.entrySet()) {
          hold(r.getKey() + " #" + i, r.getValue(), streams, holdEvents, virtual, server);
        }
      }
      System.out.println(
          "contender\tround\tstreams\tevents\twall s\tcpu us/event\tserver cpu us/event"
              + "\tclient cpu us/event\tcpu ms/stream\tnew connections");
      for (int round = 1; round <= rounds; round++) {
        for (Map.Entry<String, Reader> r : readers.entrySet()) {
          cpuRun(r.getKey(), r.getValue(), streams, events, virtual, server).print(round);
        }
      }
    }
  }

  static Reader reader(String name, LoopbackServer server) {
    switch (name) {
      case "floor" -> {
        OkHttpClient client = Concurrency.pooledClient();
        String url = server.baseUrl() + "/v1/chat/completions";
        return (question, sink) -> PacedStream.floor(client, url, question, sink);
      }
      case "majordomo" -> {
        StreamingAssistant assistant =
            Assistants.create(StreamingAssistant.class, Majordomo.registry(server));
        return (question, sink) -> {
          try (Stream<String> text = assistant.tell(question)) {
            Iterator<String> it = text.iterator();
            while (it.hasNext()) {
              if (!sink.accept(it.next())) {
                return;
              }
            }
          }
        };
      }
      default -> throw new IllegalArgumentException("unknown contender " + name);
    }
  }

  /** Starts {@code n} consumers, on platform or virtual threads; returns their executor or null. */
  private static ExecutorService startConsumers(int n, boolean virtual, Runnable consumer) {
    ExecutorService executor = virtual ? VirtualThreads.perTask() : null;
    for (int i = 0; i < n; i++) {
      if (executor != null) {
        executor.execute(consumer);
      } else {
        Thread t = new Thread(consumer, "consumer-" + i);
        t.setDaemon(true);
        t.start();
      }
    }
    return executor;
  }

  record CpuRun(
      String contender,
      int streams,
      long events,
      double seconds,
      long cpuNanos,
      long serverCpuNanos,
      long connections,
      long failures) {
    void print(int round) {
      System.out.printf(
          Locale.ROOT,
          "%s\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d%s%n",
          contender,
          round,
          streams,
          events,
          seconds,
          cpuNanos / 1000.0 / events,
          serverCpuNanos / 1000.0 / events,
          (cpuNanos - serverCpuNanos) / 1000.0 / events,
          cpuNanos / 1e6 / streams,
          connections,
          failures == 0 ? "" : "\tFAILED " + failures);
    }
  }

  static CpuRun cpuRun(
      String name, Reader reader, int streams, int events, boolean virtual, LoopbackServer server)
      throws InterruptedException {
    String question = PacedStream.question(events);
    String expected = PacedStream.text(events);
    CountDownLatch done = new CountDownLatch(streams);
    AtomicLong delivered = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long connections = server.connectionsAccepted();
    long serverCpu = server.cpuNanos();
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    ExecutorService executor =
        startConsumers(
            streams,
            virtual,
            () -> {
              try {
                StringBuilder text = new StringBuilder(expected.length());
                long[] n = new long[1];
                reader.read(
                    question,
                    t -> {
                      text.append(t);
                      n[0]++;
                      return true;
                    });
                delivered.addAndGet(n[0]);
                if (!text.toString().equals(expected)) {
                  failures.incrementAndGet();
                }
              } catch (RuntimeException e) {
                failures.incrementAndGet();
              } finally {
                done.countDown();
              }
            });
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(name + ": streams did not end");
    }
    long end = System.nanoTime();
    long cpuUsed = OS.getProcessCpuTime() - cpu;
    long serverUsed = server.cpuNanos() - serverCpu;
    if (executor != null) {
      executor.shutdown();
    }
    return new CpuRun(
        name,
        streams,
        delivered.get(),
        (end - start) / 1e9,
        cpuUsed,
        serverUsed,
        server.connectionsAccepted() - connections,
        failures.get());
  }

  static void hold(
      String name, Reader reader, int streams, int events, boolean virtual, LoopbackServer server)
      throws Exception {
    String question = PacedStream.question(events);
    Snapshot before = Snapshot.take(server);
    CountDownLatch opened = new CountDownLatch(streams);
    CountDownLatch done = new CountDownLatch(streams);
    AtomicLong failures = new AtomicLong();
    boolean[] stop = new boolean[1];
    Object lock = new Object();
    long start = System.nanoTime();
    ExecutorService executor =
        startConsumers(
            streams,
            virtual,
            () -> {
              boolean[] first = {true};
              try {
                reader.read(
                    question,
                    t -> {
                      if (first[0]) {
                        first[0] = false;
                        opened.countDown();
                      }
                      synchronized (lock) {
                        return !stop[0];
                      }
                    });
              } catch (RuntimeException e) {
                failures.incrementAndGet();
              } finally {
                if (first[0]) {
                  opened.countDown();
                }
                done.countDown();
              }
            });
    boolean allOpen = opened.await(5, TimeUnit.MINUTES);
    double openSeconds = (System.nanoTime() - start) / 1e9;
    Snapshot open = Snapshot.take(server);
    synchronized (lock) {
      stop[0] = true;
    }
    done.await(5, TimeUnit.MINUTES);
    if (executor != null) {
      executor.shutdown();
    }
    System.out.printf(
        Locale.ROOT,
        "# hold %s: %d streams open after %.1f s%s%s%n",
        name,
        streams,
        openSeconds,
        allOpen ? "" : " (NOT ALL OPEN)",
        failures.get() == 0 ? "" : ", " + failures.get() + " FAILED");
    System.out.printf(
        Locale.ROOT,
        "#   heap after GC: %.1f MB with none open, %.1f MB with %d open: %.1f KB per stream%n",
        before.heapBytes / 1e6,
        open.heapBytes / 1e6,
        streams,
        (open.heapBytes - before.heapBytes) / 1024.0 / streams);
    System.out.printf(
        Locale.ROOT,
        "#   resident set: %.1f MB with none open, %.1f MB with %d open: %.1f KB per stream%n",
        before.rssBytes / 1e6,
        open.rssBytes / 1e6,
        streams,
        (open.rssBytes - before.rssBytes) / 1024.0 / streams);
    System.out.println("#   platform threads by owner, none open -> all open: " + before.threads);
    System.out.println("#                                                    " + open.threads);
    System.out.printf(
        Locale.ROOT,
        "#   server threads (loopback-*): %d -> %d%n",
        before.serverThreads,
        open.serverThreads);
  }

  /** Heap after a full GC, resident set size, and the platform threads alive, by owner. */
  record Snapshot(long heapBytes, long rssBytes, Map<String, Integer> threads, int serverThreads) {
    static Snapshot take(LoopbackServer server) throws IOException {
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      Map<String, Integer> byOwner = new TreeMap<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        byOwner.merge(owner(t.getName()), 1, Integer::sum);
      }
      return new Snapshot(heap, rss(), byOwner, server.threadCount());
    }

    private static String owner(String thread) {
      if (thread.startsWith("loopback-")) {
        return "server";
      }
      if (thread.startsWith("consumer-")) {
        return "consumers";
      }
      if (thread.startsWith("majordomo-")) {
        return "majordomo";
      }
      if (thread.startsWith("OkHttp") || thread.startsWith("Okio")) {
        return "okhttp";
      }
      return "jvm";
    }

    private static long rss() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
      return -1;
    }
  }
}
