package dev.majordomo.reliability;

import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/**
 * The faults of docs/reliability.md, each sent in a provider's own wire format, at a chosen point
 * of the exchange: a plain call, a stream before its first event, or a stream after it.
 */
final class Faults {
  static final int PAD = 64 << 10;
  static final int SLOW_PAD = 8 << 10;
  static final int OVERSIZED_BODY = (16 << 20) + (1 << 20);
  static final int OVERSIZED_LINE = 2 << 20;
  static final String HTML =
      "<!DOCTYPE html><html><head><title>Sign in</title></head>"
          + "<body>Please sign in to continue.</body></html>";

  private Faults() {}

  /** When, in the exchange, the fault strikes. */
  enum Variant {
    /** A plain call. */
    CALL,
    /** A stream, faulted before its first event reaches the caller. */
    STREAM_EARLY,
    /** A stream, faulted after its first event reached the caller. */
    STREAM_LATE
  }

  /** The faults of docs/reliability.md, in its order. */
  enum Fault {
    CONNECTION_REFUSED(false),
    RESET_BEFORE_HEADERS(false),
    RESET_MID_BODY(true),
    STALL(true),
    SLOW_BODY(true),
    RATE_LIMITED_429(false),
    HTTP_500(false),
    HTTP_503(false),
    HTTP_529(false),
    MALFORMED_JSON(true),
    TRUNCATED(true),
    ERROR_EVENT(true),
    WRONG_CONTENT_TYPE(false),
    OVERSIZED(true);

    /** Whether the fault can strike after a stream's first event. */
    final boolean midStream;

    Fault(boolean midStream) {
      this.midStream = midStream;
    }
  }

  /** What the faulty server sends, in the provider's own format. */
  static MockResponse answer(
      Wire wire, Fault fault, Variant variant, LoopbackServer server, String firstText) {
    boolean stream = variant != Variant.CALL;
    boolean late = variant == Variant.STREAM_LATE;
    String type = stream ? wire.streamContentType() : "application/json";
    String opening = wire.streamOpening(firstText);
    return switch (fault) {
      case CONNECTION_REFUSED -> throw new AssertionError("nothing listens on a refused port");
      case RESET_BEFORE_HEADERS ->
          new MockResponse.Builder()
              .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
              .build();
      case RESET_MID_BODY -> {
        // MockWebServer cuts the connection halfway through the body: inside the padding.
        String text =
            !stream
                ? " ".repeat(PAD) + wire.reply(firstText)
                : late
                    ? opening + wire.padding(PAD) + wire.streamEnding()
                    : wire.padding(PAD) + wire.stream(firstText);
        yield body(type, text).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
      }
      case STALL ->
          late
              ? new MockResponse.Builder()
                  .setHeader("Content-Type", type)
                  .body(server.stallAfter(opening, wire.streamEnding()))
                  .build()
              : new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
      case SLOW_BODY -> {
        // The body trickles: each read gets bytes in time, but the whole takes seconds.
        String text =
            !stream
                ? " ".repeat(SLOW_PAD) + wire.reply(firstText)
                : late
                    ? opening + wire.padding(SLOW_PAD) + wire.streamEnding()
                    : wire.padding(SLOW_PAD) + wire.stream(firstText);
        long perPeriod = late ? opening.length() : 512;
        yield body(type, text).throttleBody(perPeriod, 100, TimeUnit.MILLISECONDS).build();
      }
      case RATE_LIMITED_429 ->
          body("application/json", wire.errorBody(429))
              .code(429)
              .setHeader("Retry-After", "1")
              .build();
      case HTTP_500 -> body("application/json", wire.errorBody(500)).code(500).build();
      case HTTP_503 -> body("application/json", wire.errorBody(503)).code(503).build();
      case HTTP_529 -> body("application/json", wire.errorBody(529)).code(529).build();
      case MALFORMED_JSON ->
          !stream
              ? body(type, "{\"id\":\"msg_1\",,\"choices\":[{\"index\":0}").build()
              : body(type, (late ? opening : "") + wire.malformedFrame() + wire.streamEnding())
                  .build();
      case TRUNCATED -> {
        String text;
        if (!stream) {
          String reply = wire.reply(firstText);
          text = reply.substring(0, reply.length() / 2);
        } else if (late) {
          text = opening;
        } else {
          // Cut inside the frame that would have carried the first event.
          text = opening.substring(0, opening.length() - 8);
        }
        yield body(type, text).build();
      }
      case ERROR_EVENT ->
          !stream
              ? body(type, wire.errorBody(500)).build()
              : body(type, (late ? opening : "") + wire.errorEvent()).build();
      case WRONG_CONTENT_TYPE -> body("text/html; charset=utf-8", HTML).build();
      case OVERSIZED -> {
        if (!stream) {
          // Chunked, so the client cannot refuse it by its declared length: it must stop reading.
          Buffer huge = new Buffer().writeUtf8("{\"padding\":\"");
          huge.writeUtf8("x".repeat(OVERSIZED_BODY)).writeUtf8("\"}");
          yield new MockResponse.Builder()
              .setHeader("Content-Type", type)
              .chunkedBody(huge, 1 << 20)
              .build();
        }
        String line = "x".repeat(OVERSIZED_LINE) + "\n\n";
        yield body(type, (late ? opening : "") + line + wire.streamEnding()).build();
      }
    };
  }

  static MockResponse.Builder body(String contentType, String body) {
    return new MockResponse.Builder().setHeader("Content-Type", contentType).body(body);
  }
}
