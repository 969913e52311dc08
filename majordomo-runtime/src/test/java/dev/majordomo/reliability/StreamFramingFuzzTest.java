package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.SseEvent;
import dev.majordomo.internal.http.StreamDecoder;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SSE and NDJSON framing of {@code provider.http}, fed random bytes (invalid UTF-8, NUL, a byte
 * order mark, CR/LF mixes, lines over the limit) in random chunks: the frames are exactly those a
 * reference reading of the standard finds, in order, and a line over the limit ends the stream with
 * a transient {@link LlmException}; never another exception, never a hang.
 */
class StreamFramingFuzzTest {
  private static final Target TARGET = new Target("fuzz", "canned.invalid", -1, "m");

  /** Pieces that make up the bodies: protocol words, terminators and broken bytes. */
  private static final List<byte[]> PIECES =
      List.of(
          bytes("data:"),
          bytes("data: "),
          bytes("event:"),
          bytes("event: delta"),
          bytes("id:"),
          bytes("id: 7"),
          bytes("retry: 10"),
          bytes(":"),
          bytes(": keep-alive"),
          bytes("\n"),
          bytes("\n"),
          bytes("\r"),
          bytes("\r\n"),
          bytes("\r\n"),
          bytes(" "),
          bytes("x"),
          bytes("[DONE]"),
          bytes("{\"a\":1}"),
          bytes("é€"),
          bytes("\0"),
          new byte[] {(byte) 0xFF},
          new byte[] {(byte) 0xC3},
          new byte[] {(byte) 0xE2, (byte) 0x82},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
          bytes("y".repeat(40)));

  @Property(tries = 1500)
  void sseFramesAreWhatTheStandardSays(
      @ForAll("bodies") byte[] body,
      @ForAll("chunkings") List<Integer> chunks,
      @ForAll("lineLimits") int maxLine) {
    Outcome expected = referenceSse(body, maxLine);
    Outcome actual = read(body, chunks, maxLine, true);
    assertThat(actual).isEqualTo(expected);
  }

  @Property(tries = 1500)
  void ndjsonLinesAreWhatTheFormatSays(
      @ForAll("bodies") byte[] body,
      @ForAll("chunkings") List<Integer> chunks,
      @ForAll("lineLimits") int maxLine) {
    Outcome expected = referenceNdjson(body, maxLine);
    Outcome actual = read(body, chunks, maxLine, false);
    assertThat(actual).isEqualTo(expected);
  }

  @Property(tries = 300)
  void arbitraryBytesOnlyEverEndTheStreamWithATypedError(
      @ForAll("randomBytes") byte[] body,
      @ForAll("chunkings") List<Integer> chunks,
      @ForAll boolean sse) {
    Outcome actual = read(body, chunks, 64, sse);
    assertThat(actual).isEqualTo(sse ? referenceSse(body, 64) : referenceNdjson(body, 64));
  }

  @Test
  @Timeout(20)
  void aHugeLineFailsAfterReadingLittleMoreThanTheLimit() {
    long[] served = {0};
    okio.Source endless =
        new okio.Source() {
          @Override
          public long read(Buffer sink, long byteCount) {
            long n = Math.min(byteCount, 8192);
            sink.write(new byte[(int) n]);
            served[0] += n;
            return n;
          }

          @Override
          public okio.Timeout timeout() {
            return okio.Timeout.NONE;
          }

          @Override
          public void close() {}
        };
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    new okhttp3.Response.Builder()
                        .request(chain.request())
                        .protocol(okhttp3.Protocol.HTTP_1_1)
                        .code(200)
                        .message("OK")
                        .body(
                            okhttp3.ResponseBody.create(
                                okio.Okio.buffer(endless),
                                okhttp3.MediaType.get("text/event-stream"),
                                -1))
                        .build())
            .build();
    HttpTransport transport = HttpTransport.builder(TARGET).build();
    for (boolean sse : new boolean[] {true, false}) {
      served[0] = 0;
      Request call = new Request.Builder().url("https://canned.invalid").build();
      ResponseStream stream =
          sse
              ? transport.streamSse(client, call, null, new Recorder<>(SseReference::show))
              : transport.streamNdjson(client, call, null, new Recorder<>(line -> line));
      assertThatThrownBy(stream::hasNext)
          .isInstanceOfSatisfying(
              LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT))
          .hasMessageContaining(
              "longer than " + dev.majordomo.Limits.DEFAULT_MAX_STREAM_LINE_BYTES + " bytes");
      assertThat(served[0])
          .isBetween(dev.majordomo.Limits.DEFAULT_MAX_STREAM_LINE_BYTES, (1L << 20) + (64 << 10));
    }
  }

  /** What a stream delivered: its frames, and whether it ended on a line over the limit. */
  record Outcome(List<String> frames, boolean lineTooLong) {}

  private static Outcome read(byte[] body, List<Integer> chunks, int maxLine, boolean sse) {
    OkHttpClient client =
        CannedHttp.client(
            request ->
                new CannedHttp.Reply(
                    200, sse ? "text/event-stream" : "application/x-ndjson", body, chunks));
    HttpTransport transport = HttpTransport.builder(TARGET).maxLineBytes(maxLine).build();
    Guard.Outcome<List<String>> run =
        Guard.run(
            body.length + " bytes",
            () -> {
              List<String> frames = new ArrayList<>();
              Request call = new Request.Builder().url("https://canned.invalid/s").build();
              try (ResponseStream stream =
                  sse
                      ? transport.streamSse(client, call, null, new Recorder<>(SseReference::show))
                      : transport.streamNdjson(client, call, null, new Recorder<>(line -> line))) {
                while (stream.hasNext()) {
                  frames.add(((StreamEvent.TextDelta) stream.next()).text());
                }
              } catch (LlmException e) {
                assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
                assertThat(e.getMessage()).contains("longer than " + maxLine + " bytes");
                frames.add(TOO_LONG);
              }
              return frames;
            },
            LlmException.class);
    List<String> frames = new ArrayList<>(run.value());
    boolean tooLong = !frames.isEmpty() && frames.get(frames.size() - 1) == TOO_LONG;
    if (tooLong) {
      frames.remove(frames.size() - 1);
    }
    return new Outcome(frames, tooLong);
  }

  private static final String TOO_LONG = new String("too long");

  /** Passes every frame on as a text delta showing it. */
  private static final class Recorder<F> implements StreamDecoder<F> {
    private final java.util.function.Function<F, String> show;

    Recorder(java.util.function.Function<F, String> show) {
      this.show = show;
    }

    @Override
    public boolean decode(F frame, Consumer<StreamEvent> out) {
      out.accept(new StreamEvent.TextDelta(show.apply(frame)));
      return false;
    }

    @Override
    public void endOfInput(Consumer<StreamEvent> out) {}
  }

  // ---- the reference readings, written from the standards, byte by byte ----

  /** The HTML Living Standard's event stream interpretation. */
  static Outcome referenceSse(byte[] body, int maxLine) {
    SseReference parser = new SseReference();
    List<String> frames = new ArrayList<>();
    int i = 0;
    boolean first = true;
    while (i < body.length) {
      int end = i;
      while (end < body.length && body[end] != '\r' && body[end] != '\n') {
        end++;
      }
      if (end - i > maxLine) {
        return new Outcome(frames, true);
      }
      String line = utf8(body, i, end);
      if (first && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      first = false;
      if (end < body.length) {
        end += body[end] == '\r' && end + 1 < body.length && body[end + 1] == '\n' ? 2 : 1;
        parser.line(line, frames);
      }
      // An unterminated last line is read, but the event it belongs to is never dispatched.
      i = end;
    }
    return new Outcome(frames, false);
  }

  /** NDJSON: lines end in LF, a CR before it is dropped, blank lines are skipped. */
  static Outcome referenceNdjson(byte[] body, int maxLine) {
    List<String> frames = new ArrayList<>();
    int i = 0;
    while (i < body.length) {
      int end = i;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      if (end - i > maxLine) {
        return new Outcome(frames, true);
      }
      String line = utf8(body, i, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (!line.isBlank()) {
        frames.add(line);
      }
      i = end + 1;
    }
    return new Outcome(frames, false);
  }

  /** The per-line state machine of the standard's event stream interpretation. */
  private static final class SseReference {
    private String eventType = "";
    private StringBuilder data = new StringBuilder();
    private String lastId;

    void line(String line, List<String> frames) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          String d = data.substring(0, data.length() - 1);
          frames.add(show(new SseEvent(eventType.isEmpty() ? "message" : eventType, d, lastId)));
        }
        data = new StringBuilder();
        eventType = "";
        return;
      }
      if (line.startsWith(":")) {
        return;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> eventType = value;
        case "data" -> data.append(value).append('\n');
        case "id" -> {
          if (!value.contains("\0")) {
            lastId = value;
          }
        }
        default -> {}
      }
    }

    static String show(SseEvent e) {
      return e.event() + "|" + e.data() + "|" + e.id();
    }
  }

  /** UTF-8 decoding exactly as okio does it (invalid sequences become U+FFFD). */
  private static String utf8(byte[] body, int from, int to) {
    return new Buffer().write(body, from, to - from).readUtf8();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- generators ----

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.of(PIECES)
        .list()
        .ofMaxSize(80)
        .map(
            pieces -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              pieces.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }

  @Provide
  Arbitrary<byte[]> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
  }

  @Provide
  Arbitrary<List<Integer>> chunkings() {
    return Arbitraries.integers().between(1, 64).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Integer> lineLimits() {
    return Arbitraries.of(1, 8, 40, 100, 1 << 20);
  }
}
