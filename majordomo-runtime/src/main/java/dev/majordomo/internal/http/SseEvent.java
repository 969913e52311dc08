package dev.majordomo.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One Server-Sent Event: its type, its data (the {@code data:} lines joined with {@code \n}) and
 * the last {@code id:} seen. An immutable value; equal when type, data and id are equal.
 *
 * <p>Events read from a stream keep their data as the bytes received and decode them to a {@code
 * String} only when {@link #data()} is asked for, so that a decoder reading the data as JSON
 * ({@link JsonEventParser}) does not pay for decoding and re-encoding it.
 */
public final class SseEvent {
  /** The payload OpenAI-style streams use to mark their end. */
  static final String DONE = "[DONE]";

  private final String event;
  private final String id;

  /** The data as received (UTF-8, possibly invalid), or {@code null} when built from a string. */
  private final byte[] utf8;

  /**
   * The decoded data. Set lazily without synchronisation: every thread that sees {@code null}
   * computes the same immutable string, so a race only repeats the work.
   */
  private String data;

  /**
   * @param event the {@code event:} field, or {@code "message"} when the event had none
   * @param data the {@code data:} lines joined with {@code \n}
   * @param id the last {@code id:} field seen, or {@code null}
   */
  public SseEvent(String event, String data, String id) {
    this.event = Objects.requireNonNull(event, "event");
    this.data = Objects.requireNonNull(data, "data");
    this.id = id;
    this.utf8 = null;
  }

  private SseEvent(String event, byte[] utf8, String id) {
    this.event = event;
    this.utf8 = utf8;
    this.id = id;
  }

  /**
   * An event whose data are the bytes read from the stream, decoded as UTF-8 when needed. The event
   * takes the array over: the caller must not change it afterwards.
   */
  static SseEvent ofUtf8(String event, byte[] data, String id) {
    return new SseEvent(Objects.requireNonNull(event, "event"), data, id);
  }

  /** The {@code event:} field, or {@code "message"} when the event had none. */
  public String event() {
    return event;
  }

  /**
   * The {@code data:} lines joined with {@code \n}; bytes that are not valid UTF-8 read as U+FFFD,
   * as {@code new String(bytes, UTF_8)} decodes them.
   */
  public String data() {
    String d = data;
    if (d == null) {
      d = new String(utf8, StandardCharsets.UTF_8);
      data = d;
    }
    return d;
  }

  /** The last {@code id:} field seen, or {@code null}. */
  public String id() {
    return id;
  }

  /** Whether the data is the {@code [DONE]} terminator (white space around it ignored). */
  public boolean isDone() {
    if (utf8 != null && !mayBeBlankOr(utf8, '[')) {
      return false;
    }
    return DONE.equals(data().strip());
  }

  /** Whether the data is empty or only white space ({@link String#isBlank()}). */
  public boolean isBlank() {
    if (utf8 != null) {
      int i = skipAsciiWhitespace(utf8);
      if (i == utf8.length) {
        return true;
      }
      if (utf8[i] >= 0) {
        // An ASCII character that is not white space.
        return false;
      }
    }
    return data().isBlank();
  }

  /**
   * The data as received when they read the same as bytes or as text and hold a JSON object (they
   * start with <code>{</code>), else {@code null}. Not a copy: callers must not change it.
   */
  byte[] plainJsonObject() {
    return utf8 != null && utf8.length > 0 && utf8[0] == '{' && Utf8.isPlainJsonText(utf8)
        ? utf8
        : null;
  }

  /**
   * Whether the first character after ASCII white space may be {@code first}, or the data may be
   * blank: a cheap filter that never rejects what the exact, decoding test would accept.
   */
  private static boolean mayBeBlankOr(byte[] bytes, char first) {
    int i = skipAsciiWhitespace(bytes);
    return i == bytes.length || bytes[i] == first || bytes[i] < 0;
  }

  /**
   * The index of the first byte that is not ASCII white space as {@link Character#isWhitespace}.
   */
  private static int skipAsciiWhitespace(byte[] bytes) {
    int i = 0;
    while (i < bytes.length && isAsciiWhitespace(bytes[i])) {
      i++;
    }
    return i;
  }

  private static boolean isAsciiWhitespace(byte b) {
    return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseEvent e
        && event.equals(e.event)
        && data().equals(e.data())
        && Objects.equals(id, e.id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, data(), id);
  }

  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", data=" + data() + ", id=" + id + "]";
  }
}
