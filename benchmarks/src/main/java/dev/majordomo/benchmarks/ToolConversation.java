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
 * B5: a three-round tool conversation end to end (the model asks for the weather in Paris, then in
 * Lyon, then answers): Majordomo's tool loop, LangChain4j's, and the same three calls by hand.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ToolConversation {
  private LoopbackServer server;
  private Floor floor;
  private BenchAssistant majordomo;
  private LangChain4j.TripAssistant langchain4j;

  @Setup
  public void setUp(BenchmarkParams params) throws IOException {
    server = LoopbackServer.canned();
    String name = params.getBenchmark();
    if (name.endsWith(".floor")) {
      floor = new Floor(server);
      Check.equal(Canned.TRIP_ANSWER, floor.trip(Canned.TRIP_QUESTION));
    } else if (name.endsWith(".majordomo")) {
      majordomo = Majordomo.assistant(server);
      Check.equal(Canned.TRIP_ANSWER, majordomo.trip(Canned.TRIP_QUESTION));
    } else {
      langchain4j = LangChain4j.tripAssistant(server);
      Check.equal(Canned.TRIP_ANSWER, langchain4j.trip(Canned.TRIP_QUESTION));
    }
  }

  @TearDown
  public void tearDown() {
    server.close();
  }

  @Benchmark
  public String floor() {
    return floor.trip(Canned.TRIP_QUESTION);
  }

  @Benchmark
  public String majordomo() {
    return majordomo.trip(Canned.TRIP_QUESTION);
  }

  @Benchmark
  public String langchain4j() {
    return langchain4j.trip(Canned.TRIP_QUESTION);
  }
}
