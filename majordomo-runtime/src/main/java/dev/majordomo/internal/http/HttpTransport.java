package dev.majordomo.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.Target;
import dev.majordomo.time.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Executes a provider's HTTP calls, each bounded by one deadline policy (see {@link #executeJson}
 * and {@link #streamSse(OkHttpClient, Request, Duration, StreamDecoder)}), and reports every
 * failure as an {@link LlmException} mapped by {@link HttpFailures}. Thread-safe; one per opened
 * model.
 *
 * <p>No call made through a transport follows a redirect, whatever the client says (a client that
 * would is replaced by one derived from it that does not): a redirect would carry the credentials
 * (OkHttp strips only {@code Authorization} on a cross-host redirect), the extra headers and, for a
 * 307/308, the whole prompt to wherever {@code Location} points, https → http included. A 3xx is an
 * error of the target instead: {@link ErrorKind#NOT_FOUND} (the model is not served at the
 * configured URL; another target may serve, a retry would be redirected again), whose message names
 * the {@code Location}'s host only, never its path or query, and which carries no body excerpt (a
 * redirect's body conventionally repeats the URL). This turns off OkHttp's own redirect handling
 * only: an application interceptor on a user-supplied client sees the request, credentials
 * included, and one that re-issues it to the {@code Location} target is beyond this guarantee.
 *
 * <p>Internal: see the package documentation.
 */
public final class HttpTransport {
  /** How much of an error body is read to find its code and message. */
  private static final long ERROR_BODY_READ_LIMIT = 64L << 10;

  private final HttpFailures failures;
  private final long maxBodyBytes;
  private final long maxLineBytes;
  private final Duration callDeadline;
  private final Duration streamFirstEventTimeout;
  private final Duration streamIdleTimeout;
  private final Deadlines deadlines;
  private final TimeSource time;

  /** The last client given with its timeout, and the one {@link #clientFor} derived from them. */
  private volatile Derived derived;

  private record Derived(OkHttpClient given, Duration timeout, OkHttpClient client) {}

  private HttpTransport(Builder b) {
    this.failures = new HttpFailures(b.target, b.token, b.errorParser, b.errorMapper, b.time);
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxLineBytes = b.maxLineBytes;
    this.callDeadline = b.callDeadline;
    this.streamFirstEventTimeout = b.streamFirstEventTimeout;
    this.streamIdleTimeout = b.streamIdleTimeout;
    this.deadlines = b.deadlines;
    this.time = b.time;
  }

  /** {@return the clock of this transport's errors, for a caller that measures an attempt} */
  public TimeSource time() {
    return time;
  }

  /** A transport for calls to {@code target}; every error it builds names that target. */
  public static Builder builder(Target target) {
    return new Builder(target);
  }

  /**
   * Sends {@code request} on {@code client} and parses the body of a 2xx reply as JSON ({@link
   * #parseJson(byte[], String)}). This is the per-attempt deadline of a whole reply, the same for
   * every provider: {@code timeout} (the request's, else the DSN's), else the client's own call
   * timeout, else the transport's call deadline ({@code Limits.callDeadline}). The first and the
   * last are enforced by the shared {@link Deadlines} thread, which cancels the call at its
   * deadline, rather than by OkHttp's call timeout, whose watchdog thread is woken on every call. A
   * call cut at its deadline fails as {@link ErrorKind#TRANSIENT} "timed out".
   *
   * @throws LlmException for any other status, an I/O failure, a body over the size limit or a body
   *     that is not JSON
   */
  public JsonNode executeJson(OkHttpClient client, Request request, Duration timeout, String what) {
    OkHttpClient bounded = clientFor(client, timeout);
    Duration limit = timeout;
    if (limit == null && bounded.callTimeoutMillis() == 0) {
      limit = callDeadline;
    }
    Call call = bounded.newCall(request);
    return parseJson(executeBytes(call, limit), what);
  }

  /**
   * Sends {@code request} on {@code client} and returns its {@code text/event-stream} body as a
   * stream. A non-2xx status is thrown from here; everything later from the stream's {@code
   * hasNext()}. The stream is bounded by its first-event and idle time-outs ({@code Limits}), so
   * that a long generation that keeps delivering is never cut, and by {@code timeout} (the
   * request's, else the DSN's) as a whole when there is one, all on the shared {@link Deadlines}
   * thread as {@link #executeJson} is.
   */
  public ResponseStream streamSse(
      OkHttpClient client, Request request, Duration timeout, StreamDecoder<SseEvent> decoder) {
    return streamSse(clientFor(client, timeout).newCall(request), timeout, decoder);
  }

  /**
   * Like {@link #streamSse(OkHttpClient, Request, Duration, StreamDecoder)} for an {@code
   * application/x-ndjson} body, one frame per line.
   */
  public ResponseStream streamNdjson(
      OkHttpClient client, Request request, Duration timeout, StreamDecoder<String> decoder) {
    return streamNdjson(clientFor(client, timeout).newCall(request), timeout, decoder);
  }

  /**
   * {@code client}, or one derived from it (same pool, dispatcher and interceptors) that follows no
   * redirect (the registry's clients never do; this guards clients from other contexts) and whose
   * read timeout does not undercut {@code timeout}: a slow model can take longer than OkHttp's
   * default 10 s to send its first byte, and a caller who allows it more must not be cut short by
   * the read timeout. The last client derived is kept, so that a model's calls do not build one
   * each.
   */
  private OkHttpClient clientFor(OkHttpClient client, Duration timeout) {
    Derived known = derived;
    if (known != null && known.given() == client && Objects.equals(known.timeout(), timeout)) {
      return known.client();
    }
    OkHttpClient result = derive(client, timeout);
    derived = new Derived(client, timeout, result);
    return result;
  }

  /** What {@link #clientFor} derives, uncached. */
  static OkHttpClient derive(OkHttpClient client, Duration timeout) {
    long read = client.readTimeoutMillis();
    // Saturated: Duration.toMillis overflows past about 292 million years.
    long wanted = timeout == null ? 0 : Deadlines.saturatedNanos(timeout) / 1_000_000;
    boolean readTooShort = timeout != null && read != 0 && read < wanted;
    // Only followRedirects matters to OkHttp: without it, followSslRedirects is ignored.
    if (!client.followRedirects() && !readTooShort) {
      return client;
    }
    OkHttpClient.Builder b = client.newBuilder().followRedirects(false).followSslRedirects(false);
    if (readTooShort) {
      // OkHttp refuses a read timeout over Integer.MAX_VALUE ms (about 24.8 days): a longer one is
      // no read timeout at all, the whole-call deadline still bounding the call.
      b.readTimeout(wanted > Integer.MAX_VALUE ? Duration.ZERO : timeout);
    }
    return b.build();
  }

  /** Executes {@code call} within {@code limit} ({@code null}: none) and reads a 2xx body. */
  private byte[] executeBytes(Call call, Duration limit) {
    BodyReader<byte[]> bytes =
        body ->
            readLimited(body.source(), body.contentLength(), maxBodyBytes, true).readByteArray();
    if (limit == null) {
      return exchange(call, null, bytes);
    }
    try (Deadlines.Watch watch = deadlines.watch(call::cancel, Deadlines.saturatedNanos(limit))) {
      return exchange(call, watch, bytes);
    }
  }

  /** The body reader of {@link #exchange}. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(ResponseBody body) throws IOException;
  }

  /** Executes {@code call} and reads the body of a 2xx reply; every failure as an LlmException. */
  private <T> T exchange(Call call, Deadlines.Watch watch, BodyReader<T> reader) {
    // Cancelling the caller's call (an async call's future, a stream closed before it opened)
    // cancels the HTTP exchange too: an interrupt alone does not stop a blocked socket read.
    Cancellation.Registration cancel = Cancellation.current().onCancel(call::cancel);
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        throw httpFailure(response);
      }
      return reader.read(response.body());
    } catch (IOException e) {
      throw failures.ioFailure(e, call, false, watch);
    } catch (LlmException e) {
      throw e;
    } catch (Exception e) {
      throw failures.unchecked(e, call);
    } finally {
      cancel.close();
    }
  }

  /**
   * Executes {@code call} and returns its {@code text/event-stream} body as a stream, bounded as a
   * whole by {@code timeout} if not {@code null}.
   */
  ResponseStream streamSse(Call call, Duration timeout, StreamDecoder<SseEvent> decoder) {
    StreamGuard guard = guard(call, timeout);
    Response response = open(call, guard);
    return new HttpResponseStream<>(
        failures, call, response, new SseReader(lineReader(response, true)), decoder, guard);
  }

  /** Like {@link #streamSse(Call, Duration, StreamDecoder)} for NDJSON. */
  ResponseStream streamNdjson(Call call, Duration timeout, StreamDecoder<String> decoder) {
    StreamGuard guard = guard(call, timeout);
    Response response = open(call, guard);
    return new HttpResponseStream<>(
        failures, call, response, new NdjsonReader(lineReader(response, false)), decoder, guard);
  }

  private StreamGuard guard(Call call, Duration whole) {
    Cancellation.Registration cancel = Cancellation.current().onCancel(call::cancel);
    // Measured from before the request is sent: waiting for the response head is part of the time
    // to the first event. Without a first-event limit, the idle limit applies from the start.
    Duration first = streamFirstEventTimeout != null ? streamFirstEventTimeout : streamIdleTimeout;
    return StreamGuard.start(
        cancel, deadlines, call::cancel, first, streamIdleTimeout, holdTimeout(first), whole);
  }

  /**
   * How long a consumer may hold an event before the stream is cut: the longer of the idle limit
   * and the call deadline (10 minutes by default, as OkHttp's call timeout once cut every stream),
   * so that neither a slow consumer nor a long generation is cut, but a dropped stream is.
   */
  private Duration holdTimeout(Duration first) {
    Duration hold = streamIdleTimeout;
    if (callDeadline != null && (hold == null || callDeadline.compareTo(hold) > 0)) {
      hold = callDeadline;
    }
    return hold != null ? hold : first;
  }

  /** Executes a streaming call; {@code guard} is closed here if the call fails to open. */
  private Response open(Call call, StreamGuard guard) {
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      guard.close();
      throw failures.streamIoFailure(e, call, false, guard, false);
    } catch (Exception e) {
      guard.close();
      throw failures.unchecked(e, call);
    }
    if (!response.isSuccessful()) {
      guard.close();
      try (response) {
        throw httpFailure(response);
      }
    }
    return response;
  }

  private LineReader lineReader(Response response, boolean crEndsLine) {
    return new LineReader(response.body().source(), maxLineBytes, crEndsLine);
  }

  /**
   * Parses JSON a provider received as bytes (UTF-8, as JSON on the wire must be), or throws {@link
   * #malformed} with the text as its excerpt.
   */
  private JsonNode parseJson(byte[] bytes, String what) {
    try {
      JsonNode node = WireJson.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw malformed(what + " is empty", new String(bytes, StandardCharsets.UTF_8), null);
      }
      return node;
    } catch (IOException e) {
      String detail =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw malformed(
          what + " is not valid JSON: " + detail, new String(bytes, StandardCharsets.UTF_8), e);
    }
  }

  /** Parses JSON a provider received, or throws {@link #malformed}. */
  public JsonNode parseJson(String text, String what) {
    try {
      JsonNode node = WireJson.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw malformed(what + " is empty", text, null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw malformed(what + " is not valid JSON: " + e.getOriginalMessage(), text, e);
    }
  }

  /**
   * The error for a reply that does not follow the protocol: {@link ErrorKind#TRANSIENT}, with an
   * excerpt of the body with credentials removed.
   */
  public LlmException malformed(String detail, String body, Throwable cause) {
    return failures.malformed(detail, body, cause);
  }

  /**
   * The error for an error event inside a 200 stream (or a 200 reply that reports one): the request
   * was accepted, so an error the {@link ErrorMapper} cannot place ({@link ErrorKind#PERMANENT}) is
   * taken as the server's failure and reported as {@link ErrorKind#TRANSIENT}.
   *
   * @param status the HTTP status the provider associates with the error, or {@code -1}
   * @param error what the event said
   * @param raw the event's payload, for the excerpt
   */
  public LlmException streamError(int status, ProviderError error, String raw) {
    return failures.streamError(status, error, raw);
  }

  /** {@code text} with the token, bearer credentials and key-shaped strings removed. */
  public String redact(String text) {
    return failures.redact(text);
  }

  /** The error for a reply that is neither 2xx nor followed; only a non-redirect's body is read. */
  private LlmException httpFailure(Response response) {
    int status = response.code();
    if (status >= 300 && status < 400) {
      return failures.redirect(response);
    }
    String body;
    try {
      body = readLimited(response.body(), ERROR_BODY_READ_LIMIT, false);
    } catch (IOException | LlmException e) {
      body = "";
    }
    return failures.status(response, body);
  }

  private String readLimited(ResponseBody body, long limit, boolean failOverLimit)
      throws IOException {
    Buffer buffer = readLimited(body.source(), body.contentLength(), limit, failOverLimit);
    return buffer.size() > limit ? buffer.readUtf8(limit) : buffer.readUtf8();
  }

  /**
   * Reads {@code source} to its end, or to just over {@code limit} bytes: then throws if {@code
   * failOverLimit}, else returns what was read (the caller keeps the first {@code limit} bytes).
   */
  private Buffer readLimited(
      BufferedSource source, long contentLength, long limit, boolean failOverLimit)
      throws IOException {
    if (failOverLimit && contentLength > limit) {
      throw failures.tooLarge(limit);
    }
    Buffer buffer = new Buffer();
    while (buffer.size() <= limit && source.read(buffer, 8192) != -1) {
      // keep reading
    }
    if (failOverLimit && buffer.size() > limit) {
      throw failures.tooLarge(limit);
    }
    return buffer;
  }

  /** Configures an {@link HttpTransport}. */
  public static final class Builder {
    private final Target target;
    private Secret token;
    private ErrorBodyParser errorParser = body -> ProviderError.NONE;
    private ErrorMapper errorMapper = ErrorMapper.DEFAULT;
    private TimeSource time = TimeSource.SYSTEM;
    private long maxBodyBytes = dev.majordomo.Limits.DEFAULT_MAX_RESPONSE_BYTES;
    private long maxLineBytes = dev.majordomo.Limits.DEFAULT_MAX_STREAM_LINE_BYTES;
    private Duration callDeadline;
    private Duration streamFirstEventTimeout;
    private Duration streamIdleTimeout;
    private Deadlines deadlines = Deadlines.SHARED;

    private Builder(Target target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /** The token to remove from every excerpt and message (besides key-shaped strings). */
    public Builder token(Secret value) {
      this.token = value;
      return this;
    }

    /** Reads the provider's error code and message from a JSON error body. */
    public Builder errorParser(ErrorBodyParser value) {
      this.errorParser = Objects.requireNonNull(value, "errorParser");
      return this;
    }

    /** Decides the kind of an error from its status and what the provider said. */
    public Builder errorMapper(ErrorMapper value) {
      this.errorMapper = Objects.requireNonNull(value, "errorMapper");
      return this;
    }

    /**
     * The deadline thread: {@link Deadlines#SHARED} but in tests that move a clock of their own.
     */
    Builder deadlines(Deadlines value) {
      this.deadlines = Objects.requireNonNull(value, "deadlines");
      return this;
    }

    /** The clock an HTTP-date {@code Retry-After} is measured against. */
    public Builder time(TimeSource value) {
      this.time = Objects.requireNonNull(value, "time");
      return this;
    }

    Builder maxBodyBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, was " + value);
      }
      this.maxBodyBytes = value;
      return this;
    }

    public Builder maxLineBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxLineBytes must be positive, was " + value);
      }
      this.maxLineBytes = value;
      return this;
    }

    /**
     * The backstop on whole replies that nothing else bounds ({@link HttpTransport#executeJson});
     * {@code null} (the default) for none.
     */
    Builder callDeadline(Duration value) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException("callDeadline must be positive, was " + value);
      }
      this.callDeadline = value;
      return this;
    }

    /**
     * The longest a stream may take to deliver its first event ({@code Limits
     * .streamFirstEventTimeout}); {@code null} (the default) for no limit.
     */
    Builder streamFirstEventTimeout(Duration value) {
      this.streamFirstEventTimeout = positiveOrNull("streamFirstEventTimeout", value);
      return this;
    }

    /**
     * The longest silence between two frames of a stream once its first event arrived ({@code
     * Limits.streamIdleTimeout}); {@code null} (the default) for no limit.
     */
    Builder streamIdleTimeout(Duration value) {
      this.streamIdleTimeout = positiveOrNull("streamIdleTimeout", value);
      return this;
    }

    private static Duration positiveOrNull(String name, Duration value) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    /** The size and time limits of a registry's {@code Limits}. */
    public Builder limits(dev.majordomo.Limits limits) {
      return maxBodyBytes(limits.maxResponseBytes())
          .maxLineBytes(limits.maxStreamLineBytes())
          .callDeadline(limits.callDeadline())
          .streamFirstEventTimeout(limits.streamFirstEventTimeout())
          .streamIdleTimeout(limits.streamIdleTimeout());
    }

    public HttpTransport build() {
      return new HttpTransport(this);
    }
  }
}
