package dev.majordomo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path dir;

  private static String result(String benchmark, double score, double alloc) {
    return """
        {"benchmark":"dev.majordomo.benchmarks.%s","params":%s,
         "primaryMetric":{"score":%s,"scoreError":1.0,"scoreUnit":"us/op"},
         "secondaryMetrics":{"gc.alloc.rate.norm":{"score":%s,"scoreUnit":"B/op"},
                             "task-clock":{"score":%s,"scoreUnit":"#/op"}}}
        """
        .formatted(
            benchmark.contains("/") ? benchmark.substring(0, benchmark.indexOf('/')) : benchmark,
            benchmark.contains("/")
                ? "{\"targets\":\"" + benchmark.substring(benchmark.indexOf('/') + 1) + "\"}"
                : "{}",
            score,
            alloc,
            score / 1000 / 2);
  }

  @Test
  void ratiosAgainstBaselinesAndTargets() throws Exception {
    String json =
        "["
            + String.join(
                ",",
                result("PerCall.floor", 100, 20_000),
                result("PerCall.majordomo", 105, 31_000),
                result("PerCall.floorWithProviderHeaders", 100.0 * 105 / 102, 20_500),
                result("PerCall.langchain4j", 250, 60_000),
                result("Failover.call/1", 200, 0),
                result("Failover.call/4", 2_000, 0),
                result("Streaming.raw", 1_000_000, 0),
                result("Streaming.majordomo", 700_000, 0),
                result("Streaming.floor", 800_000, 0),
                result("ToolConversation.floor", 300, 0),
                result("ToolConversation.majordomo", 330, 0))
            + "]";
    Files.writeString(dir.resolve("jmh.json"), json);
    Files.write(
        dir.resolve("cold-start.txt"),
        List.of(
            "majordomo 90",
            "langchain4j 200",
            "majordomo 100",
            "langchain4j 210",
            "majordomo 400",
            "floor 150"));
    Files.write(dir.resolve("javac.txt"), List.of("without 1000", "with 1200", "generated 1150"));

    String table = new Report().render(dir);

    assertThat(table)
        .contains(
            "| B1 reference: Majordomo vs the floor sending the same headers (API key, Accept) |"
                + " 105.0 ± 1.0 µs | 102.9 ± 1.0 µs | 1.02× | (for reference) | — |")
        .contains(
            "| B1 per call: Majordomo vs floor | 105.0 ± 1.0 µs | 100.0 ± 1.0 µs | 1.05× | ≤ 1.10× | met |")
        .contains("≤ floor + 10 KB (here +11,000 B) | **missed** |")
        .contains(
            "| B1 per call: Majordomo vs LangChain4j | 105.0 ± 1.0 µs | 250.0 ± 1.0 µs | 0.42× | < 0.5× | met |")
        .contains(
            "| B2 cold start, main to first reply (median of 3 JVMs) | 100 ms | 205 ms (LangChain4j) | 0.49× | < 0.5× | met |")
        .contains("| B3 failover: 4 targets, 3 benched, per benched target | 600 ns |")
        .contains("< 1 µs per benched target | met |")
        .contains("| 0.70× | ≥ 0.8× | **missed** |")
        .contains(
            "| B4 streaming: CPU time per SSE line, Majordomo vs the streaming-parser floor |"
                + " 350,000.00 µs CPU | 400,000.00 µs CPU | 0.88× | ≤ 1.2× | met |")
        .contains(
            "| B4 streaming: SSE events/s, Majordomo vs the streaming-parser floor | 700,000 /s |"
                + " 800,000 /s | 0.88× |")
        .contains(
            "| B5 three-round tool conversation: Majordomo vs three floor calls | 330.0 ± 1.0 µs | 300.0 ± 1.0 µs | 1.10× | ≤ 1.15× | met |")
        .contains("| 1.20× | ≤ 1.25× (overhead < 25%) | met |")
        .contains(
            "| B1 cross-check: CPU time per call, all threads (server included) | 52.5 µs CPU | 50.0 µs CPU | 1.05× |")
        .contains(
            "| B2 reference: the OkHttp + Jackson floor, main to first reply | 150 ms | 205 ms (LangChain4j) | 0.73× |")
        .contains("| B2 reference: Majordomo vs the floor | 100 ms | 150 ms (floor) | 0.67× |")
        .contains(
            "| B6 breakdown: without the processor, its 100 generated files added as sources | 1,150 ms | 1,000 ms | 1.15× |");
  }

  @Test
  void medianOfEvenAndOddCounts() {
    assertThat(Report.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Report.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }
}
