package dev.majordomo.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.Target;
import dev.majordomo.time.TimeSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;

/**
 * How a failed exchange becomes an {@link LlmException} naming its target: an HTTP status (the
 * provider's error code read by its {@link ErrorBodyParser}, the kind its {@link ErrorMapper}
 * gives, {@code Retry-After} read by {@link RetryAfter}), a redirect, an I/O failure, a stream
 * time-out, or a body that breaks the protocol. Every message and excerpt is redacted: the token,
 * bearer credentials and key-shaped strings never appear. I/O failures become {@link
 * ErrorKind#TRANSIENT} (connection refused or reset, timeouts, unknown hosts, a body cut short) or
 * {@link ErrorKind#CANCELLED} (the caller closed the stream, cancelled the call or interrupted the
 * thread). A body that is not what the protocol promises is also {@code TRANSIENT}: the server
 * misbehaved, another target may serve. Immutable; one per {@link HttpTransport}.
 */
final class HttpFailures {
  private static final int MESSAGE_LIMIT = 300;
  private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

  private final Target target;
  private final Secret token;
  private final ErrorBodyParser errorParser;
  private final ErrorMapper errorMapper;
  private final TimeSource time;

  HttpFailures(
      Target target,
      Secret token,
      ErrorBodyParser errorParser,
      ErrorMapper errorMapper,
      TimeSource time) {
    this.target = target;
    this.token = token;
    this.errorParser = errorParser;
    this.errorMapper = errorMapper;
    this.time = time;
  }

  /** {@code text} with the token, bearer credentials and key-shaped strings removed. */
  String redact(String text) {
    return Redaction.redact(text, token);
  }

  /**
   * The error for a stream that the hold limit cut while the consumer held an event: {@link
   * ErrorKind#CANCELLED}, the consumer's doing, never counted against the target.
   */
  LlmException heldTooLong(StreamGuard guard) {
    long ms = guard.holdTimeout() == null ? 0 : guard.holdTimeout().toMillis();
    String message =
        "stream cut: the consumer held an event for more than "
            + ms
            + " ms without asking for the next (the longer of Limits.streamIdleTimeout and"
            + " Limits.callDeadline); close a stream you stop reading";
    LOG.log(System.Logger.Level.DEBUG, () -> target + ": " + message);
    return LlmException.builder(ErrorKind.CANCELLED, message).target(target).build();
  }

  /**
   * Maps an I/O failure of a stream: a stream time-out says which limit ran out; anything else is
   * mapped as {@link #ioFailure} does, the whole stream's watch deciding whether it timed out.
   */
  LlmException streamIoFailure(
      IOException e,
      Call call,
      boolean closedByCaller,
      StreamGuard guard,
      boolean afterFirstEvent) {
    if (!closedByCaller && guard.watch() != null && guard.watch().expired()) {
      String detail = redact(e.getClass().getSimpleName() + ": " + e.getMessage());
      long ms = TimeUnit.NANOSECONDS.toMillis(guard.watch().limitNanos());
      String message =
          afterFirstEvent
              ? "timed out: the stream was silent for more than "
                  + ms
                  + " ms (Limits.streamIdleTimeout)"
              : "timed out: no event within "
                  + ms
                  + " ms of the request (Limits.streamFirstEventTimeout)";
      LOG.log(System.Logger.Level.DEBUG, () -> target + ": " + message);
      return LlmException.builder(ErrorKind.TRANSIENT, message + " (" + detail + ")")
          .target(target)
          .cause(e)
          .build();
    }
    return ioFailure(e, call, closedByCaller, guard.whole());
  }

  /**
   * The error for a reply that does not follow the protocol: {@link ErrorKind#TRANSIENT}, with an
   * excerpt of the body with credentials removed.
   */
  LlmException malformed(String detail, String body, Throwable cause) {
    return LlmException.builder(ErrorKind.TRANSIENT, "malformed response: " + redact(detail))
        .bodyExcerpt(redact(body))
        .target(target)
        .cause(cause)
        .build();
  }

  /**
   * The error for an error event inside a 200 stream. The request was accepted, so an error the
   * {@link ErrorMapper} cannot place ({@link ErrorKind#PERMANENT}) is taken as the server's failure
   * and reported as {@link ErrorKind#TRANSIENT}.
   *
   * @param status the HTTP status the provider associates with the error, or {@code -1}
   * @param error what the event said
   * @param raw the event's payload, for the excerpt
   */
  LlmException streamError(int status, ProviderError error, String raw) {
    ProviderError e = error == null ? ProviderError.NONE : error;
    ErrorKind kind = errorMapper.kind(status, e);
    if (kind == ErrorKind.PERMANENT) {
      kind = ErrorKind.TRANSIENT;
    }
    String message =
        "error event in the stream" + (e.message() == null ? "" : ": " + shorten(e.message()));
    return LlmException.builder(kind, message)
        .status(status)
        .providerCode(e.code())
        .bodyExcerpt(redact(raw))
        .target(target)
        .build();
  }

  /**
   * The error for a non-2xx, non-3xx reply whose body began with {@code body}: the status, the
   * provider's code and message ({@link ErrorBodyParser}), {@code Retry-After} and a redacted
   * excerpt, of the kind the {@link ErrorMapper} gives.
   */
  LlmException status(Response response, String body) {
    int status = response.code();
    ProviderError error = ProviderError.NONE;
    boolean json = false;
    if (!body.isBlank()) {
      try {
        JsonNode node = WireJson.readTree(body);
        json = node != null && node.isContainerNode();
        if (json) {
          ProviderError parsed = errorParser.parse(node);
          error = parsed == null ? ProviderError.NONE : parsed;
        }
      } catch (JsonProcessingException | RuntimeException e) {
        json = false;
      }
    }
    StringBuilder message = new StringBuilder("HTTP ").append(status);
    if (error.message() != null && !error.message().isBlank()) {
      message.append(": ").append(shorten(error.message()));
    } else if (!body.isBlank() && !json) {
      MediaType type = response.body().contentType();
      message.append(": body is not JSON (").append(type == null ? "no content type" : type);
      message.append(')');
    }
    ErrorKind kind = errorMapper.kind(status, error);
    LOG.log(System.Logger.Level.DEBUG, () -> target + ": " + message + " → " + kind);
    return LlmException.builder(kind, message.toString())
        .status(status)
        .providerCode(error.code())
        .retryAfter(RetryAfter.parse(response.headers(), time.now()).orElse(null))
        .bodyExcerpt(body.isBlank() ? null : redact(body))
        .target(target)
        .build();
  }

  /**
   * A redirect, which is never followed (see the class comment): {@link ErrorKind#NOT_FOUND}, named
   * by the {@code Location}'s host only. The body is not read.
   */
  LlmException redirect(Response response) {
    int status = response.code();
    HttpUrl from = response.request().url();
    String location = response.header("Location");
    HttpUrl to = location == null ? null : from.resolve(location.strip());
    String where;
    if (to == null) {
      where =
          location == null
              ? "a redirect without a Location"
              : "a redirect to a Location that is not an http(s) URL";
    } else if (!to.host().equals(from.host())) {
      where = "a redirect to another host (" + redact(to.host()) + ")";
    } else {
      where =
          "a redirect on the same host"
              + (to.isHttps() == from.isHttps() ? "" : " (to " + to.scheme() + ")");
    }
    String message =
        "HTTP "
            + status
            + ": "
            + where
            + ", not followed: model calls never follow redirects, so that credentials and"
            + " prompts go nowhere else; check the target's host, tls and base_path";
    LOG.log(System.Logger.Level.DEBUG, () -> target + ": " + message + " → " + ErrorKind.NOT_FOUND);
    return LlmException.builder(ErrorKind.NOT_FOUND, message).status(status).target(target).build();
  }

  /**
   * Maps an I/O failure of {@code call}, which {@code watch} (or nothing, if {@code null}) bounded.
   *
   * @param closedByCaller whether the caller closed the stream that was being read
   */
  LlmException ioFailure(IOException e, Call call, boolean closedByCaller, Deadlines.Watch watch) {
    String detail = redact(e.getClass().getSimpleName() + ": " + e.getMessage());
    ErrorKind kind;
    String message;
    if (closedByCaller) {
      kind = ErrorKind.CANCELLED;
      message = "the stream was closed by the caller";
    } else if (Thread.currentThread().isInterrupted() || "interrupted".equals(e.getMessage())) {
      kind = ErrorKind.CANCELLED;
      message = "interrupted";
    } else if (watch != null && watch.expired()) {
      // Deadlines cancelled the call at its deadline: a time-out, not a caller's cancellation
      kind = ErrorKind.TRANSIENT;
      message =
          "timed out: the call took longer than its limit of "
              + TimeUnit.NANOSECONDS.toMillis(watch.limitNanos())
              + " ms ("
              + detail
              + ")";
    } else if (e instanceof SocketTimeoutException) {
      kind = ErrorKind.TRANSIENT;
      message = "timed out (" + detail + ")";
    } else if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
      // OkHttp's whole-call timeout, which only a client given its own call timeout sets
      kind = ErrorKind.TRANSIENT;
      long limit = TimeUnit.NANOSECONDS.toMillis(call.timeout().timeoutNanos());
      message =
          "timed out: the call took longer than its limit"
              + (limit > 0 ? " of " + limit + " ms" : "")
              + " ("
              + detail
              + ")";
    } else if (call.isCanceled()) {
      kind = ErrorKind.CANCELLED;
      message = "the call was cancelled";
    } else if (e instanceof UnknownHostException) {
      kind = ErrorKind.TRANSIENT;
      message = "unknown host (" + detail + ")";
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      kind = ErrorKind.TRANSIENT;
      message = "cannot connect (" + detail + ")";
    } else if (e instanceof ProtocolException) {
      kind = ErrorKind.TRANSIENT;
      message = "malformed response (" + detail + ")";
    } else {
      kind = ErrorKind.TRANSIENT;
      message = "I/O error (" + detail + ")";
    }
    LOG.log(System.Logger.Level.DEBUG, () -> target + ": " + message + " → " + kind);
    return LlmException.builder(kind, message).target(target).cause(e).build();
  }

  /**
   * OkHttp is written in Kotlin and can throw a checked {@link InterruptedException} that Java does
   * not declare (when the calling thread is interrupted while it waits for a connection).
   */
  RuntimeException unchecked(Exception e, Call call) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      call.cancel();
      return LlmException.builder(ErrorKind.CANCELLED, "interrupted")
          .target(target)
          .cause(e)
          .build();
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    return LlmException.builder(ErrorKind.TRANSIENT, "unexpected failure: " + redact(e.toString()))
        .target(target)
        .cause(e)
        .build();
  }

  LlmException tooLarge(long limit) {
    return LlmException.builder(
            ErrorKind.TRANSIENT,
            "malformed response: the body is larger than "
                + limit
                + " bytes (the limit, Limits.maxResponseBytes)")
        .target(target)
        .build();
  }

  private String shorten(String text) {
    String clean = redact(text).strip();
    return clean.length() <= MESSAGE_LIMIT ? clean : clean.substring(0, MESSAGE_LIMIT) + "…";
  }
}
