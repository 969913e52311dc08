package dev.majordomo.benchmarks;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B4: a long SSE stream ({@value Canned#STREAM_DATA_LINES} {@code data:} lines), parsed into
 * Majordomo's stream events by the {@code openai} provider, versus reading the same body's lines
 * raw with OkHttp/okio ({@code raw}), versus the floor: a hand-written client that reads the same
 * lines and takes each chunk's text with jackson-core's streaming parser ({@code floor}), and, for
 * reference, one that reads each line into a Jackson tree ({@code rawParsed}). Scores are {@code
 * data:} lines per second for all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Canned.STREAM_DATA_LINES)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Streaming {
  private static final Request REQUEST = Request.of(Message.user(Canned.QUESTION));

  private LoopbackServer server;
  private Floor raw;
  private Model model;

  @Setup
  public void setUp() throws IOException {
    server = LoopbackServer.canned();
    raw = new Floor(server);
    model = Majordomo.registry(server).model("bench");
    Check.equal(Canned.STREAM_DATA_LINES, raw.streamLines(Canned.QUESTION));
    Check.equal(Canned.STREAM_TEXT.length(), raw.streamParsed(Canned.QUESTION));
    StringBuilder floorText = new StringBuilder();
    raw.streamContent(Canned.QUESTION, floorText::append);
    Check.equal(Canned.STREAM_TEXT, floorText.toString());
    try (ResponseStream stream = model.stream(REQUEST)) {
      Check.equal(Canned.STREAM_TEXT, stream.collect().text());
    }
  }

  @TearDown
  public void tearDown() {
    server.close();
  }

  @Benchmark
  public int raw() {
    return raw.streamLines(Canned.QUESTION);
  }

  @Benchmark
  public int rawParsed() {
    return raw.streamParsed(Canned.QUESTION);
  }

  /** The floor: each chunk's text taken with jackson-core's streaming parser, no tree. */
  @Benchmark
  public int floor() {
    TextLength text = new TextLength();
    raw.streamContent(Canned.QUESTION, text);
    return text.length;
  }

  /** Every event of the stream, as a caller iterating a {@code ResponseStream} sees them. */
  @Benchmark
  public int majordomo() {
    int text = 0;
    try (ResponseStream stream = model.stream(REQUEST)) {
      while (stream.hasNext()) {
        if (stream.next() instanceof StreamEvent.TextDelta delta) {
          text += delta.text().length();
        }
      }
    }
    return text;
  }

  /** Adds up the length of each piece of text, as {@link #majordomo()} does. */
  private static final class TextLength implements Consumer<String> {
    int length;

    @Override
    public void accept(String delta) {
      length += delta.length();
    }
  }
}
