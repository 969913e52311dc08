package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final Target TARGET = new Target("test", "localhost", -1, "m");
  private static final Secret TOKEN = Secret.of("secret-token-value");

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();
  private final FakeTimeSource time = new FakeTimeSource(Instant.parse("2025-01-01T00:00:00Z"));
  private HttpTransport transport;

  @BeforeEach
  void start() throws IOException {
    server.start();
    transport =
        HttpTransport.builder(TARGET)
            .token(TOKEN)
            .time(time)
            .errorParser(
                body -> {
                  JsonNode e = body.path("error");
                  return new ProviderError(
                      e.path("code").isTextual() ? e.path("code").asText() : null,
                      e.path("message").isTextual() ? e.path("message").asText() : null);
                })
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Call call() {
    return client.newCall(new Request.Builder().url(server.url("/x")).build());
  }

  private LlmException failure(Runnable r) {
    return catchThrowableOfType(LlmException.class, r::run);
  }

  @Test
  void returnsTheBodyOfA2xxReply() {
    server.enqueue(new MockResponse.Builder().body("{\"ok\":true}").build());
    assertThat(transport.executeJson(client, get(), null, "the reply").toString())
        .isEqualTo("{\"ok\":true}");
  }

  @Test
  void mapsStatusCodeMessageRetryAfterAndRedactedExcerpt() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("retry-after", "7")
            .body(
                "{\"error\":{\"message\":\"slow down secret-token-value\","
                    + "\"code\":\"rate_limit_exceeded\"}}")
            .build());
    LlmException e = failure(() -> transport.executeJson(client, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.status()).hasValue(429);
    assertThat(e.providerCode()).contains("rate_limit_exceeded");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.target()).contains(TARGET);
    assertThat(e.getMessage()).contains("HTTP 429: slow down ***").doesNotContain("secret-token");
    assertThat(e.bodyExcerpt().orElseThrow()).contains("***").doesNotContain("secret-token");
  }

  @Test
  void anHttpDateRetryAfterIsMeasuredOnTheInjectedClock() {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "Wed, 01 Jan 2025 00:01:00 GMT")
            .build());
    LlmException e = failure(() -> transport.executeJson(client, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
    assertThat(e.bodyExcerpt()).isEmpty();
  }

  @Test
  void aNonJsonErrorBodyIsReportedAsSuch() {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .addHeader("Content-Type", "text/html")
            .body("<html>Bad gateway</html>")
            .build());
    LlmException e = failure(() -> transport.executeJson(client, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.providerCode()).isEmpty();
    assertThat(e.getMessage()).contains("HTTP 502: body is not JSON (text/html");
    assertThat(e.bodyExcerpt()).contains("<html>Bad gateway</html>");
  }

  @Test
  void aCustomMapperDecidesTheKind() {
    HttpTransport custom =
        HttpTransport.builder(TARGET).errorMapper((s, err) -> ErrorKind.QUOTA).build();
    server.enqueue(new MockResponse.Builder().code(400).body("{}").build());
    assertThat(failure(() -> custom.executeJson(client, get(), null, "the reply")).kind())
        .isEqualTo(ErrorKind.QUOTA);
  }

  @Test
  void aBodyOverTheLimitFails() {
    HttpTransport small = HttpTransport.builder(TARGET).maxBodyBytes(10).build();
    server.enqueue(new MockResponse.Builder().body("x".repeat(100)).build());
    LlmException e = failure(() -> small.executeJson(client, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("larger than 10 bytes");
    server.enqueue(new MockResponse.Builder().chunkedBody("y".repeat(100), 7).build());
    assertThat(failure(() -> small.executeJson(client, get(), null, "the reply")).getMessage())
        .contains("larger than 10 bytes");
  }

  @Test
  void connectionRefusedIsTransient() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    okhttp3.HttpUrl url = closed.url("/");
    closed.close();
    LlmException e =
        failure(
            () ->
                transport.executeJson(
                    client, new Request.Builder().url(url).build(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("cannot connect");
  }

  @Test
  void anUnknownHostIsTransient() {
    OkHttpClient noDns =
        client
            .newBuilder()
            .dns(
                host -> {
                  throw new UnknownHostException(host + ": no such host");
                })
            .build();
    Request request = new Request.Builder().url("http://nowhere.invalid/v1").build();
    LlmException e = failure(() -> transport.executeJson(noDns, request, null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("unknown host");
  }

  @Test
  void aSlowReplyHitsTheClientsOwnCallTimeoutAndIsTransient() {
    server.enqueue(
        new MockResponse.Builder().body("late").headersDelay(2, TimeUnit.SECONDS).build());
    OkHttpClient impatient = client.newBuilder().callTimeout(Duration.ofMillis(200)).build();
    LlmException e = failure(() -> transport.executeJson(impatient, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out: the call took longer than its limit of 200 ms");
  }

  @Test
  void aCallOnAnInterruptedThreadIsCancelled() {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    Thread.currentThread().interrupt();
    try {
      assertThat(failure(() -> transport.executeJson(client, get(), null, "the reply")).kind())
          .isEqualTo(ErrorKind.CANCELLED);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aDerivedClientFollowsNoRedirectAndReadsAtLeastAsLongAsTheTimeout() {
    OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(2, TimeUnit.SECONDS).build();
    OkHttpClient derived = HttpTransport.derive(impatient, Duration.ofSeconds(30));
    assertThat(derived.readTimeoutMillis()).isEqualTo(30_000);
    assertThat(derived.followRedirects()).isFalse();
    assertThat(derived.connectionPool()).isSameAs(impatient.connectionPool());
    assertThat(derived.dispatcher()).isSameAs(impatient.dispatcher());
    assertThat(HttpTransport.derive(impatient, Duration.ofMillis(500)).readTimeoutMillis())
        .isEqualTo(2_000);
  }

  @Test
  void aTimeoutLongerThanOkHttpAcceptsAsAReadTimeoutLiftsTheReadTimeout() {
    // OkHttp refuses a read timeout over Integer.MAX_VALUE ms (about 24.8 days); a DSN's
    // timeout=30d or a chain's huge remaining time must not turn into its IllegalArgumentException.
    OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(10, TimeUnit.MINUTES).build();
    assertThat(HttpTransport.derive(impatient, Duration.ofDays(30)).readTimeoutMillis()).isZero();
    assertThat(
            HttpTransport.derive(impatient, Duration.ofSeconds(Long.MAX_VALUE)).readTimeoutMillis())
        .isZero();
    server.enqueue(new MockResponse.Builder().body("{\"ok\":true}").build());
    assertThat(transport.executeJson(impatient, get(), Duration.ofDays(30), "the reply").toString())
        .isEqualTo("{\"ok\":true}");
  }

  @Test
  void aClientThatNeedsNothingDerivedIsKept() {
    OkHttpClient plain = new OkHttpClient.Builder().followRedirects(false).build();
    assertThat(HttpTransport.derive(plain, null)).isSameAs(plain);
    assertThat(HttpTransport.derive(plain, Duration.ofSeconds(5))).isSameAs(plain);
    OkHttpClient noRead = plain.newBuilder().readTimeout(0, TimeUnit.SECONDS).build();
    assertThat(HttpTransport.derive(noRead, Duration.ofMinutes(5))).isSameAs(noRead);
  }

  @Test
  void aDisconnectBeforeTheReplyIsTransient() {
    // OkHttp silently retries a connection that dies before the reply; the failure surfaces once
    // that retry is off (or has failed too).
    OkHttpClient noRetry = client.newBuilder().retryOnConnectionFailure(false).build();
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    LlmException e = failure(() -> transport.executeJson(noRetry, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("I/O error");
  }

  @Test
  void parseJsonRejectsGarbageAsMalformed() {
    LlmException e = failure(() -> transport.parseJson("{not json", "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed response: the reply is not valid JSON");
    assertThat(e.bodyExcerpt()).contains("{not json");
    assertThat(failure(() -> transport.parseJson("", "the reply")).getMessage()).contains("empty");
  }

  // ---- executeJson: the non-streaming path, bounded by Deadlines ----

  private Request get() {
    return new Request.Builder().url(server.url("/x")).build();
  }

  @Test
  void executeJsonParsesTheBytesOfA2xxReply() {
    server.enqueue(new MockResponse.Builder().body("{\"text\":\"h\u00e9llo \u2603\"}").build());
    JsonNode node = transport.executeJson(client, get(), null, "the reply");
    assertThat(node.path("text").asText()).isEqualTo("h\u00e9llo \u2603");
  }

  @Test
  void executeJsonReportsMalformedBytesWithARedactedExcerpt() {
    server.enqueue(
        new MockResponse.Builder().body("{oops Bearer secret-token-value \u00e9t\u00e9").build());
    LlmException e = failure(() -> transport.executeJson(client, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed response: the reply is not valid JSON");
    assertThat(e.bodyExcerpt().orElseThrow()).contains("{oops").contains("\u00e9t\u00e9");
    assertThat(e.bodyExcerpt().orElseThrow()).doesNotContain("secret-token-value");
    assertThat(e.getMessage()).doesNotContain("secret-token-value");
    server.enqueue(new MockResponse.Builder().body("").build());
    assertThat(failure(() -> transport.executeJson(client, get(), null, "the reply")).getMessage())
        .contains("the reply is empty");
  }

  @Test
  void executeJsonKeepsTheBodyLimitAndTheErrorMapping() {
    HttpTransport small = HttpTransport.builder(TARGET).maxBodyBytes(10).build();
    server.enqueue(new MockResponse.Builder().chunkedBody("[" + "1,".repeat(50) + "1]", 7).build());
    assertThat(failure(() -> small.executeJson(client, get(), null, "the reply")).getMessage())
        .contains("larger than 10 bytes");
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .body("{\"error\":{\"code\":\"rate\",\"message\":\"slow down\"}}")
            .build());
    LlmException e = failure(() -> transport.executeJson(client, get(), null, "the reply"));
    assertThat(e.status()).hasValue(429);
    assertThat(e.getMessage()).contains("slow down");
  }

  @Test
  void executeJsonCutsACallAtAnExplicitTimeout() {
    server.enqueue(new MockResponse.Builder().body("{}").headersDelay(5, TimeUnit.SECONDS).build());
    long started = System.nanoTime();
    LlmException e =
        failure(() -> transport.executeJson(client, get(), Duration.ofMillis(200), "the reply"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out: the call took longer than its limit of 200 ms");
  }

  @Test
  void executeJsonCutsABodyThatKeepsTricklingAtTheCallDeadline() {
    // Bytes keep coming, so the read timeout never fires; only the deadline ends the call.
    HttpTransport bounded =
        HttpTransport.builder(TARGET).callDeadline(Duration.ofMillis(300)).build();
    String body = "[" + "1,".repeat(5_000) + "1]";
    server.enqueue(
        new MockResponse.Builder()
            .body(body)
            .throttleBody(body.length() / 100, 100, TimeUnit.MILLISECONDS)
            .build());
    long started = System.nanoTime();
    LlmException e = failure(() -> bounded.executeJson(client, get(), null, "the reply"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out: the call took longer than its limit of 300 ms");
  }

  @Test
  void executeJsonLeavesACallThatTheClientBoundsToTheClient() {
    HttpTransport bounded =
        HttpTransport.builder(TARGET).callDeadline(Duration.ofMinutes(10)).build();
    OkHttpClient ownTimeout = client.newBuilder().callTimeout(Duration.ofMillis(200)).build();
    server.enqueue(new MockResponse.Builder().body("{}").headersDelay(5, TimeUnit.SECONDS).build());
    LlmException e = failure(() -> bounded.executeJson(ownTimeout, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    // OkHttp's own call timeout, reported with the client's limit
    assertThat(e.getMessage()).contains("limit of 200 ms");
  }

  @Test
  void executeJsonOfACancelledCallIsStillCancelled() {
    // A cancellation that is not the deadline's stays CANCELLED.
    Thread.currentThread().interrupt();
    try {
      server.enqueue(new MockResponse.Builder().body("{}").build());
      LlmException e = failure(() -> transport.executeJson(client, get(), null, "the reply"));
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aStreamErrorThatTheMapperCallsPermanentIsTransient() {
    LlmException e =
        transport.streamError(-1, new ProviderError("server_error", "boom"), "{\"error\":1}");
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.status()).isEmpty();
    assertThat(e.providerCode()).contains("server_error");
    assertThat(
            transport
                .streamError(-1, new ProviderError("context_length_exceeded", "long"), "")
                .kind())
        .isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  // --- streams ---

  /** Emits each data payload as text; "[DONE]" ends; "ERR" raises a stream error. */
  private final class TextDecoder implements StreamDecoder<SseEvent> {
    @Override
    public boolean decode(SseEvent frame, Consumer<StreamEvent> out) {
      if (frame.isDone()) {
        out.accept(new StreamEvent.Done(FinishReason.STOP));
        return true;
      }
      if (frame.data().equals("ERR")) {
        throw transport.streamError(-1, new ProviderError(null, "failed"), frame.data());
      }
      out.accept(new StreamEvent.TextDelta(frame.data()));
      return false;
    }

    @Override
    public void endOfInput(Consumer<StreamEvent> out) {
      throw transport.malformed("the stream ended before [DONE]", "", null);
    }
  }

  private static List<StreamEvent> drain(ResponseStream s) {
    List<StreamEvent> events = new ArrayList<>();
    try (s) {
      while (s.hasNext()) {
        events.add(s.next());
      }
    }
    return events;
  }

  @Test
  void streamsDecodedEventsUntilDone() {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/event-stream")
            .body("data: a\n\ndata: b\n\ndata: [DONE]\n\ndata: ignored\n\n")
            .build());
    assertThat(drain(transport.streamSse(call(), null, new TextDecoder())))
        .containsExactly(
            new StreamEvent.TextDelta("a"),
            new StreamEvent.TextDelta("b"),
            new StreamEvent.Done(FinishReason.STOP));
  }

  @Test
  void aNon2xxStreamFailsAtOnce() {
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .body("{\"error\":{\"message\":\"bad key\",\"code\":\"invalid_api_key\"}}")
            .build());
    LlmException e = failure(() -> transport.streamSse(call(), null, new TextDecoder()));
    assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
    assertThat(e.providerCode()).contains("invalid_api_key");
  }

  @Test
  void aMidStreamErrorIsThrownAfterTheEventsBeforeIt() {
    server.enqueue(new MockResponse.Builder().body("data: a\n\ndata: ERR\n\ndata: b\n\n").build());
    ResponseStream s = transport.streamSse(call(), null, new TextDecoder());
    assertThat(s.hasNext()).isTrue();
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("a"));
    assertThatThrownBy(s::hasNext)
        .isInstanceOf(LlmException.class)
        .hasMessageContaining("error event in the stream: failed");
    assertThat(s.hasNext()).isFalse();
    s.close();
  }

  @Test
  void aTruncatedStreamIsReportedByTheDecoder() {
    server.enqueue(new MockResponse.Builder().body("data: a\n\n").build());
    ResponseStream s = transport.streamSse(call(), null, new TextDecoder());
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("a"));
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before [DONE]");
  }

  @Test
  void aDisconnectInTheMiddleOfAStreamIsTransient() {
    server.enqueue(
        new MockResponse.Builder()
            .body("data: a\n\n" + "data: " + "z".repeat(64 * 1024) + "\n\ndata: [DONE]\n\n")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    ResponseStream s = transport.streamSse(call(), null, new TextDecoder());
    LlmException e = catchThrowableOfType(LlmException.class, () -> drain(s));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void closingTheStreamCancelsTheCallAndEndsIt() {
    server.enqueue(
        new MockResponse.Builder().body("data: a\n\ndata: b\n\ndata: [DONE]\n\n").build());
    Call call = call();
    ResponseStream s = transport.streamSse(call, null, new TextDecoder());
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("a"));
    s.close();
    assertThat(call.isCanceled()).isTrue();
    assertThat(s.hasNext()).isFalse();
    s.close();
  }

  @Test
  void closingFromAnotherThreadFailsABlockedReadAsCancelled() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .body("data: a\n\ndata: b\n\n")
            .bodyDelay(5, TimeUnit.SECONDS)
            .build());
    Call call = call();
    HttpResponseStream<?> s =
        (HttpResponseStream<?>) transport.streamSse(call, null, new TextDecoder());
    Thread closer =
        new Thread(
            () -> {
              // Close once the consumer is inside the read; the server holds the body for 5 s.
              while (!s.isReading()) {
                Thread.onSpinWait();
              }
              s.close();
            });
    closer.start();
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    closer.join();
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(call.isCanceled()).isTrue();
  }

  @Test
  void closingFromAnotherThreadWhileAFrameYieldsNoEventEndsTheStreamQuietly() throws Exception {
    // "ROLE" stands for an OpenAI role-only chunk or an Anthropic ping: a frame with no event.
    server.enqueue(
        new MockResponse.Builder()
            .body("data: a\n\ndata: ROLE\n\ndata: b\n\ndata: [DONE]\n\n")
            .build());
    Call call = call();
    ResponseStream[] stream = new ResponseStream[1];
    TextDecoder text = new TextDecoder();
    StreamDecoder<SseEvent> decoder =
        new StreamDecoder<>() {
          @Override
          public boolean decode(SseEvent frame, Consumer<StreamEvent> out) {
            if (!frame.data().equals("ROLE")) {
              return text.decode(frame, out);
            }
            // The consumer is decoding; another thread closes the stream at this moment.
            Thread closer = new Thread(() -> stream[0].close());
            closer.start();
            try {
              closer.join();
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            return false;
          }

          @Override
          public void endOfInput(Consumer<StreamEvent> out) {
            text.endOfInput(out);
          }
        };
    stream[0] = transport.streamSse(call, null, decoder);
    assertThat(stream[0].next()).isEqualTo(new StreamEvent.TextDelta("a"));

    assertThat(stream[0].hasNext()).as("ends quietly, no okio \"closed\"").isFalse();
    assertThat(call.isCanceled()).isTrue();
    assertThat(stream[0].hasNext()).isFalse();
  }

  @Test
  void theGapBetweenEventsIsNotMeasuredWhileTheConsumerHoldsAnEvent() {
    HttpTransport timed =
        HttpTransport.builder(TARGET)
            .streamFirstEventTimeout(Duration.ofSeconds(30))
            .streamIdleTimeout(Duration.ofMillis(200))
            .callDeadline(Duration.ofMinutes(10))
            .build();
    server.enqueue(
        new MockResponse.Builder().body("data: a\n\ndata: b\n\ndata: [DONE]\n\n").build());
    HttpResponseStream<?> s =
        (HttpResponseStream<?>) timed.streamSse(call(), null, new TextDecoder());
    long nineMinutes = Duration.ofMinutes(9).toNanos();
    long elevenMinutes = Duration.ofMinutes(11).toNanos();
    assertThat(s.timeoutArmedWithin(Duration.ofMinutes(1).toNanos()))
        .as("the first-event limit runs from the request")
        .isTrue();

    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("a"));
    // A consumer that works on an event for longer than the gap must not look like a silent
    // server: while it holds an event only the longer of the gap and the call deadline applies.
    assertThat(s.timeoutArmedWithin(nineMinutes)).isFalse();
    assertThat(s.timeoutArmedWithin(elevenMinutes)).isTrue();
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("b"));
    assertThat(s.timeoutArmedWithin(nineMinutes)).isFalse();
    s.close();
  }

  @Test
  void aStreamHeldLongerThanTheCallDeadlineIsCutAndTheConsumerIsToldWhy()
      throws InterruptedException {
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    HttpTransport timed =
        HttpTransport.builder(TARGET)
            .streamFirstEventTimeout(Duration.ofSeconds(30))
            .streamIdleTimeout(Duration.ofMinutes(2))
            .callDeadline(Duration.ofMinutes(10))
            .deadlines(deadlines)
            .build();
    server.enqueue(
        new MockResponse.Builder().body("data: a\n\ndata: b\n\ndata: [DONE]\n\n").build());
    Call call = call();
    // Like stream(q).findFirst() without try-with-resources: one event taken, never closed.
    ResponseStream s = timed.streamSse(call, null, new TextDecoder());
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("a"));

    CountDownLatch swept = new CountDownLatch(1);
    // Wakes the thread now; it sweeps until the clock passes this deadline, then expires it.
    deadlines.watch(swept::countDown, 1);
    now.addAndGet(Duration.ofMinutes(10).toNanos() + 1);
    assertThat(swept.await(10, TimeUnit.SECONDS)).isTrue();
    deadlines.sweeps(); // takes the lock that the sweep holds: the sweep is over

    assertThat(call.isCanceled()).as("the held stream was cut, as a call timeout would").isTrue();
    assertThat(deadlines.watching()).as("nothing pins the call").isZero();
    LlmException e = failure(s::hasNext);
    assertThat(e.kind())
        .as("the consumer's doing, never the target's")
        .isEqualTo(ErrorKind.CANCELLED);
    assertThat(e.getMessage())
        .contains("held")
        .contains("600000 ms")
        .contains("Limits.callDeadline");
    assertThat(s.hasNext()).isFalse();
  }

  @Test
  void ndjsonLinesAreFrames() {
    server.enqueue(new MockResponse.Builder().body("{\"t\":\"a\"}\n{\"t\":\"b\"}\n").build());
    ResponseStream s =
        transport.streamNdjson(
            call(),
            null,
            new StreamDecoder<>() {
              @Override
              public boolean decode(String frame, Consumer<StreamEvent> out) {
                out.accept(
                    new StreamEvent.TextDelta(
                        transport.parseJson(frame, "a line").get("t").asText()));
                return false;
              }

              @Override
              public void endOfInput(Consumer<StreamEvent> out) {
                out.accept(new StreamEvent.Done(FinishReason.STOP));
              }
            });
    assertThat(drain(s))
        .containsExactly(
            new StreamEvent.TextDelta("a"),
            new StreamEvent.TextDelta("b"),
            new StreamEvent.Done(FinishReason.STOP));
  }

  @Test
  void anOverlongStreamLineIsMalformed() {
    HttpTransport small = HttpTransport.builder(TARGET).maxLineBytes(16).build();
    server.enqueue(new MockResponse.Builder().body("data: " + "q".repeat(100) + "\n\n").build());
    ResponseStream s = small.streamSse(call(), null, new TextDecoder());
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed response", "16 bytes");
  }
}
