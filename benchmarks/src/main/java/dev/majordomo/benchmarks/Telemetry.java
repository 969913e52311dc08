package dev.majordomo.benchmarks;

import dev.majordomo.opentelemetry.MajordomoTelemetry;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * B9: what {@code majordomo-opentelemetry} adds to B1 (one chat completion) and B5 (the three-round
 * tool conversation): the same assistant on a plain registry ({@code plain}) and on a registry
 * observed by {@code MajordomoTelemetry.create(openTelemetry)} ({@code withTelemetry}), where
 * {@code openTelemetry} is an SDK with the default sampler that records every span and metric and
 * exports nowhere ({@link NoExportSdk}). Same JMH settings as B1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Telemetry {
  /** Spans of one call: {@code invoke_agent} and one {@code chat}. */
  static final int PER_CALL_SPANS = 2;

  /** Spans of the tool conversation: {@code invoke_agent}, three {@code chat}, two tools. */
  static final int TOOL_CONVERSATION_SPANS = 6;

  /** The metrics every call records, checked at setup. */
  static final Set<String> METRICS =
      Set.of(
          "gen_ai.client.operation.duration",
          "gen_ai.client.token.usage",
          "majordomo.chain.attempts");

  /** Which call: B1's chat completion ({@code perCall}) or B5's tool conversation. */
  @Param({"perCall", "toolConversation"})
  public String call;

  private LoopbackServer server;
  private NoExportSdk sdk;
  private BenchAssistant assistant;
  private boolean toolConversation;
  private long calls;

  /** Builds the assistant, with the SDK for {@code withTelemetry}, and checks what a call does. */
  @Setup
  public void setUp(BenchmarkParams params) throws IOException {
    setUp(LoopbackServer.canned(), params.getBenchmark().endsWith(".withTelemetry"));
  }

  void setUp(LoopbackServer server, boolean withTelemetry) {
    this.server = server;
    toolConversation = call.equals("toolConversation");
    if (withTelemetry) {
      sdk = new NoExportSdk();
      Check.equal(NoExportSdk.defaultSamplerDescription(), sdk.samplerDescription());
      assistant = Majordomo.assistant(server, MajordomoTelemetry.create(sdk.openTelemetry()));
      checkAnswer();
      // The benchmark must not measure a telemetry that records nothing.
      Check.equal((long) spansPerCall(), sdk.flushSpans());
      Set<String> recorded = sdk.flushMetrics();
      if (!recorded.containsAll(METRICS)) {
        throw new IllegalStateException("expected the metrics " + METRICS + ", got " + recorded);
      }
    } else {
      assistant = Majordomo.assistant(server);
      checkAnswer();
    }
  }

  /**
   * With telemetry, prints how many of the spans ended were exported: the batch processor drops
   * spans when its queue is full (when its thread cannot keep up on a busy machine), and a run that
   * dropped many measured less than the whole cost.
   */
  @TearDown
  public void tearDown() {
    server.close();
    if (sdk != null) {
      long ended = (calls + 1) * spansPerCall();
      long exported = sdk.shutDown();
      System.out.printf(
          "%n[B9] %d calls, %d spans ended, %d exported, %d dropped%n",
          calls + 1, ended, exported, ended - exported);
    }
  }

  @Benchmark
  public String plain() {
    return invoke();
  }

  @Benchmark
  public String withTelemetry() {
    return invoke();
  }

  /** {@return the spans exported so far, after exporting those ended} */
  long exportedSpans() {
    return sdk.flushSpans();
  }

  private String invoke() {
    calls++;
    return toolConversation ? assistant.trip(Canned.TRIP_QUESTION) : assistant.ask(Canned.QUESTION);
  }

  private void checkAnswer() {
    if (toolConversation) {
      Check.equal(Canned.TRIP_ANSWER, assistant.trip(Canned.TRIP_QUESTION));
    } else {
      Check.equal(Canned.ANSWER, assistant.ask(Canned.QUESTION));
    }
  }

  private int spansPerCall() {
    return toolConversation ? TOOL_CONVERSATION_SPANS : PER_CALL_SPANS;
  }
}
