package dev.majordomo.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * B4 on a busy machine: the streaming floor and Majordomo's stream measured in one JVM, in
 * alternating rounds, so that whatever else the machine runs weighs on both alike (JMH runs one
 * contender after the other, and on two shared cores the load moves between them). Each round reads
 * {@code streams} whole streams with one contender, then as many with the other, and records the
 * CPU time per {@code data:} line of the calling thread and of the whole process (server thread,
 * JIT and GC included). Prints every round and the median of the per-round ratios.
 *
 * <p>{@code java -cp benchmarks.jar dev.majordomo.benchmarks.StreamingInterleaved [warmupSeconds]
 * [rounds] [streams]}
 */
public final class StreamingInterleaved {
  private StreamingInterleaved() {}

  public static void main(String[] args) throws IOException {
    int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int streams = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Streaming streaming = new Streaming();
    streaming.setUp();
    try {
      long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        streaming.floor();
        streaming.majordomo();
      }
      List<Double> threadRatios = new ArrayList<>();
      List<Double> processRatios = new ArrayList<>();
      List<Double> wallRatios = new ArrayList<>();
      System.out.println(
          "round  floor: thread µs/line, process µs/line, wall µs/line | majordomo: same");
      for (int r = 0; r < rounds; r++) {
        // Alternate which contender goes first, so that neither always follows the other's garbage.
        double[] floor;
        double[] ours;
        if (r % 2 == 0) {
          floor = measure(streaming::floor, streams);
          ours = measure(streaming::majordomo, streams);
        } else {
          ours = measure(streaming::majordomo, streams);
          floor = measure(streaming::floor, streams);
        }
        threadRatios.add(ours[0] / floor[0]);
        processRatios.add(ours[1] / floor[1]);
        wallRatios.add(ours[2] / floor[2]);
        System.out.printf(
            "%5d  %.3f %.3f %.3f | %.3f %.3f %.3f%n",
            r, floor[0], floor[1], floor[2], ours[0], ours[1], ours[2]);
      }
      System.out.printf(
          "median ratio majordomo/floor: thread CPU %.2fx, process CPU %.2fx, wall %.2fx%n",
          median(threadRatios), median(processRatios), median(wallRatios));
    } finally {
      streaming.tearDown();
    }
  }

  /** Thread CPU, process CPU and wall time per line, in microseconds. */
  private static double[] measure(IntSupplier contender, int streams) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long thread0 = threads.getCurrentThreadCpuTime();
    long process0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    int check = 0;
    for (int i = 0; i < streams; i++) {
      check += contender.getAsInt();
    }
    long wall = System.nanoTime() - wall0;
    long process = os.getProcessCpuTime() - process0;
    long thread = threads.getCurrentThreadCpuTime() - thread0;
    Check.equal(streams * Canned.STREAM_TEXT.length(), check);
    double lines = (double) streams * Canned.STREAM_DATA_LINES;
    return new double[] {thread / lines / 1000, process / lines / 1000, wall / lines / 1000};
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
