package dev.majordomo.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's raw results into the table of {@code docs/performance.md}: every benchmark next
 * to its baseline, the ratio, and the target met or missed. Reads {@code jmh.json} (JMH's JSON
 * result file), {@code cold-start.txt} ({@code <contender> <ms>} per run) and {@code javac.txt}
 * ({@code <without|with> <ms>} per run) from the directory given; missing files leave their rows
 * out.
 */
public final class Report {
  private static final String PKG = "dev.majordomo.benchmarks.";

  private final Map<String, JsonNode> jmh = new HashMap<>();
  private final List<String> rows = new ArrayList<>();

  Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: Report <results directory>");
    }
    System.out.print(new Report().render(Path.of(args[0])));
  }

  String render(Path dir) throws IOException {
    Path json = dir.resolve("jmh.json");
    if (Files.exists(json)) {
      for (JsonNode result : new ObjectMapper().readTree(json.toFile())) {
        String key = result.path("benchmark").asText().replace(PKG, "");
        JsonNode params = result.path("params");
        if (params.has("targets")) {
          key += "/" + params.path("targets").asText();
        }
        jmh.put(key, result);
      }
    }
    perCall();
    coldStart(dir.resolve("cold-start.txt"));
    failover();
    streaming();
    toolConversation();
    javac(dir.resolve("javac.txt"));
    StringBuilder out = new StringBuilder();
    out.append("| benchmark | measured | baseline | ratio | target | met |\n");
    out.append("|---|---|---|---|---|---|\n");
    rows.forEach(r -> out.append(r).append('\n'));
    return out.toString();
  }

  private void perCall() {
    if (!has("PerCall.floor")) {
      return;
    }
    double floor = score("PerCall.floor");
    if (has("PerCall.majordomo")) {
      double ours = score("PerCall.majordomo");
      row(
          "B1 per call: Majordomo vs floor",
          us("PerCall.majordomo"),
          us("PerCall.floor"),
          ours / floor,
          "≤ 1.10×",
          ours / floor <= 1.10);
      cpuRow(
          "B1 cross-check: CPU time per call, all threads (server included)",
          "PerCall.majordomo",
          "PerCall.floor",
          "(cross-check of ≤ 1.10×)");
      double extra = alloc("PerCall.majordomo") - alloc("PerCall.floor");
      row(
          "B1 bytes allocated per call: Majordomo vs floor",
          bytes(alloc("PerCall.majordomo")),
          bytes(alloc("PerCall.floor")),
          Double.NaN,
          "≤ floor + 10 KB (here " + signedBytes(extra) + ")",
          extra <= 10 * 1024);
      if (has("PerCall.floorWithProviderHeaders")) {
        double headed = score("PerCall.floorWithProviderHeaders");
        row(
            "B1 reference: Majordomo vs the floor sending the same headers (API key, Accept)",
            us("PerCall.majordomo"),
            us("PerCall.floorWithProviderHeaders"),
            ours / headed,
            "(for reference)",
            null);
      }
    }
    if (has("PerCall.langchain4j")) {
      double theirs = score("PerCall.langchain4j");
      row(
          "B1 per call: LangChain4j vs floor",
          us("PerCall.langchain4j"),
          us("PerCall.floor"),
          theirs / floor,
          "(for reference: about 2.5×)",
          null);
      row(
          "B1 bytes allocated per call: LangChain4j vs floor",
          bytes(alloc("PerCall.langchain4j")),
          bytes(alloc("PerCall.floor")),
          Double.NaN,
          "(for reference)",
          null);
      if (has("PerCall.majordomo")) {
        double ours = score("PerCall.majordomo");
        row(
            "B1 per call: Majordomo vs LangChain4j",
            us("PerCall.majordomo"),
            us("PerCall.langchain4j"),
            ours / theirs,
            "< 0.5×",
            ours / theirs < 0.5);
      }
    }
  }

  private void coldStart(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    Map<String, List<Double>> runs = samples(file);
    List<Double> ours = runs.get("majordomo");
    List<Double> theirs = runs.get("langchain4j");
    if (ours == null || theirs == null) {
      return;
    }
    double a = median(ours);
    double b = median(theirs);
    row(
        "B2 cold start, main to first reply (median of " + ours.size() + " JVMs)",
        ms(a),
        ms(b) + " (LangChain4j)",
        a / b,
        "< 0.5×",
        a / b < 0.5);
    List<Double> floor = runs.get("floor");
    if (floor != null) {
      double f = median(floor);
      row(
          "B2 reference: the OkHttp + Jackson floor, main to first reply",
          ms(f),
          ms(b) + " (LangChain4j)",
          f / b,
          "(for reference: what any OkHttp + Jackson client pays)",
          null);
      row("B2 reference: Majordomo vs the floor", ms(a), ms(f) + " (floor)", a / f, "—", null);
    }
    List<Double> oursProcess = runs.get("majordomo-process");
    List<Double> theirsProcess = runs.get("langchain4j-process");
    if (oursProcess != null && theirsProcess != null) {
      double c = median(oursProcess);
      double d = median(theirsProcess);
      row(
          "B2 cold start, whole process from launch to exit (median)",
          ms(c),
          ms(d) + " (LangChain4j)",
          c / d,
          "(for reference: includes JVM start-up and the loopback server)",
          null);
    }
  }

  private void failover() {
    if (!has("Failover.call/1")) {
      return;
    }
    double one = score("Failover.call/1");
    for (String n : List.of("4", "16", "64")) {
      if (!has("Failover.call/" + n)) {
        continue;
      }
      int targets = Integer.parseInt(n);
      double perBenched = (score("Failover.call/" + n) - one) / (targets - 1);
      row(
          "B3 failover: " + targets + " targets, " + (targets - 1) + " benched, per benched target",
          fmt("%.0f ns", perBenched),
          fmt("%.0f ns (1 target)", one),
          Double.NaN,
          "< 1 µs per benched target",
          perBenched < 1000);
    }
  }

  private void streaming() {
    if (!has("Streaming.majordomo") || !has("Streaming.raw")) {
      return;
    }
    double ours = score("Streaming.majordomo");
    double raw = score("Streaming.raw");
    row(
        "B4 streaming: SSE events/s, Majordomo's events vs raw lines",
        fmt("%,.0f /s", ours),
        fmt("%,.0f /s", raw),
        ours / raw,
        "≥ 0.8×",
        ours / raw >= 0.8);
    double oursCpu = cpu("Streaming.majordomo");
    double rawCpu = cpu("Streaming.raw");
    if (!Double.isNaN(oursCpu) && !Double.isNaN(rawCpu)) {
      row(
          "B4 cross-check: CPU time per SSE line, all threads (server included)",
          fmt("%,.2f µs CPU", oursCpu * 1000),
          fmt("%,.2f µs CPU", rawCpu * 1000),
          rawCpu / oursCpu,
          "(cross-check of ≥ 0.8×, as raw ÷ ours)",
          null);
    }
    if (has("Streaming.floor")) {
      double floorCpu = cpu("Streaming.floor");
      if (!Double.isNaN(oursCpu) && !Double.isNaN(floorCpu)) {
        row(
            "B4 streaming: CPU time per SSE line, Majordomo vs the streaming-parser floor",
            fmt("%,.2f µs CPU", oursCpu * 1000),
            fmt("%,.2f µs CPU", floorCpu * 1000),
            oursCpu / floorCpu,
            "≤ 1.2×",
            oursCpu / floorCpu <= 1.2);
      }
      double floor = score("Streaming.floor");
      row(
          "B4 streaming: SSE events/s, Majordomo vs the streaming-parser floor",
          fmt("%,.0f /s", ours),
          fmt("%,.0f /s", floor),
          ours / floor,
          "(wall rate, reported with the CPU row)",
          null);
    }
    if (has("Streaming.rawParsed")) {
      double parsed = score("Streaming.rawParsed");
      row(
          "B4 streaming: Majordomo's events vs raw lines each parsed with Jackson",
          fmt("%,.0f /s", ours),
          fmt("%,.0f /s", parsed),
          ours / parsed,
          "(for reference)",
          null);
    }
  }

  private void toolConversation() {
    if (!has("ToolConversation.floor")) {
      return;
    }
    double floor = score("ToolConversation.floor");
    if (has("ToolConversation.majordomo")) {
      double ours = score("ToolConversation.majordomo");
      row(
          "B5 three-round tool conversation: Majordomo vs three floor calls",
          us("ToolConversation.majordomo"),
          us("ToolConversation.floor"),
          ours / floor,
          "≤ 1.15×",
          ours / floor <= 1.15);
      cpuRow(
          "B5 cross-check: CPU time per conversation, all threads (server included)",
          "ToolConversation.majordomo",
          "ToolConversation.floor",
          "(cross-check of ≤ 1.15×)");
    }
    if (has("ToolConversation.langchain4j")) {
      double theirs = score("ToolConversation.langchain4j");
      row(
          "B5 three-round tool conversation: LangChain4j vs three floor calls",
          us("ToolConversation.langchain4j"),
          us("ToolConversation.floor"),
          theirs / floor,
          "(for reference)",
          null);
    }
  }

  private void javac(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    Map<String, List<Double>> runs = samples(file);
    List<Double> with = runs.get("with");
    List<Double> without = runs.get("without");
    if (with == null || without == null) {
      return;
    }
    double a = median(with);
    double b = median(without);
    row(
        "B6 javac, 100 assistant interfaces, with vs without the processor (median of "
            + with.size()
            + ")",
        ms(a),
        ms(b),
        a / b,
        "≤ 1.25× (overhead < 25%)",
        a / b < 1.25);
    List<Double> generated = runs.get("generated");
    if (generated != null) {
      double g = median(generated);
      row(
          "B6 breakdown: without the processor, its 100 generated files added as sources",
          ms(g),
          ms(b),
          g / b,
          "(compiling the generated code; with − this = the processor's own work)",
          null);
    }
  }

  private boolean has(String key) {
    return jmh.containsKey(key);
  }

  private double score(String key) {
    return jmh.get(key).path("primaryMetric").path("score").asDouble();
  }

  private String us(String key) {
    JsonNode m = jmh.get(key).path("primaryMetric");
    return fmt("%,.1f ± %,.1f µs", m.path("score").asDouble(), m.path("scoreError").asDouble());
  }

  private double alloc(String key) {
    return secondary(key, "gc.alloc.rate.norm");
  }

  /**
   * CPU milliseconds per operation, every thread of the benchmark JVM ({@code perf} task-clock).
   */
  private double cpu(String key) {
    return secondary(key, "task-clock");
  }

  private double secondary(String key, String suffix) {
    JsonNode secondary = jmh.get(key).path("secondaryMetrics");
    for (Map.Entry<String, JsonNode> e : secondary.properties()) {
      if (e.getKey().endsWith(suffix)) {
        return e.getValue().path("score").asDouble();
      }
    }
    return Double.NaN;
  }

  /** A cross-check row: CPU time per operation, when the run had {@code perf}. */
  private void cpuRow(String name, String ours, String baseline, String target) {
    double a = cpu(ours);
    double b = cpu(baseline);
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return;
    }
    row(name, fmt("%,.1f µs CPU", a * 1000), fmt("%,.1f µs CPU", b * 1000), a / b, target, null);
  }

  private void row(
      String name, String measured, String baseline, double ratio, String target, Boolean met) {
    rows.add(
        "| "
            + name
            + " | "
            + measured
            + " | "
            + baseline
            + " | "
            + (Double.isNaN(ratio) ? "—" : fmt("%.2f×", ratio))
            + " | "
            + target
            + " | "
            + (met == null ? "—" : met ? "met" : "**missed**")
            + " |");
  }

  private static Map<String, List<Double>> samples(Path file) throws IOException {
    Map<String, List<Double>> runs = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2) {
        runs.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Double.parseDouble(parts[1]));
      }
    }
    return runs;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String ms(double value) {
    return fmt("%,.0f ms", value);
  }

  private static String bytes(double value) {
    return fmt("%,.0f B", value);
  }

  private static String signedBytes(double value) {
    return fmt("%+,.0f B", value);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
