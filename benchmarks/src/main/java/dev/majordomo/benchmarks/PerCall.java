package dev.majordomo.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * B1: one chat completion against the loopback server — a generated assistant, the hand-written
 * OkHttp + Jackson floor, and LangChain4j's {@code AiServices}. LangChain4j keeps getting faster
 * for about 15 s on two cores, hence the long warm-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PerCall {
  private LoopbackServer server;
  private Floor floor;
  private BenchAssistant majordomo;
  private LangChain4j.Assistant langchain4j;

  /** Builds only the contender this benchmark measures, and checks it gets the canned answer. */
  @Setup
  public void setUp(BenchmarkParams params) throws IOException {
    server = LoopbackServer.canned();
    String name = params.getBenchmark();
    if (name.endsWith(".floor")) {
      floor = new Floor(server);
      Check.equal(Canned.ANSWER, floor.ask(Canned.QUESTION));
    } else if (name.endsWith(".floorWithProviderHeaders")) {
      floor = Floor.withProviderHeaders(server);
      Check.equal(Canned.ANSWER, floor.ask(Canned.QUESTION));
    } else if (name.endsWith(".majordomo")) {
      majordomo = Majordomo.assistant(server);
      Check.equal(Canned.ANSWER, majordomo.ask(Canned.QUESTION));
    } else {
      langchain4j = LangChain4j.assistant(server);
      Check.equal(Canned.ANSWER, langchain4j.ask(Canned.QUESTION));
    }
  }

  @TearDown
  public void tearDown() {
    server.close();
  }

  @Benchmark
  public String floor() {
    return floor.ask(Canned.QUESTION);
  }

  /** For reference: the floor sending the headers Majordomo sends (see {@link Floor}). */
  @Benchmark
  public String floorWithProviderHeaders() {
    return floor.ask(Canned.QUESTION);
  }

  @Benchmark
  public String majordomo() {
    return majordomo.ask(Canned.QUESTION);
  }

  @Benchmark
  public String langchain4j() {
    return langchain4j.ask(Canned.QUESTION);
  }
}
