package dev.majordomo.internal.http;

import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Parses a {@code text/event-stream} body as the HTML Living Standard describes it: {@code field:
 * value} lines (one leading space of the value dropped) ending in {@code \r\n}, {@code \n} or
 * {@code \r}, a byte order mark at the start dropped, {@code data} lines accumulated and joined
 * with {@code \n}, comment lines (starting with {@code :}) ignored, {@code retry} ignored, and an
 * event dispatched at each blank line. An event without data is not dispatched; an unfinished event
 * at the end of the body is dropped, as the standard requires (a truncated stream must not look
 * complete).
 *
 * <p>Lines are examined where they lie in okio's buffer: field names are compared as bytes, and a
 * {@code data} value is copied once, into the array the event keeps (a later {@code data} line of
 * the same event is appended in an okio buffer). Splitting the bytes at {@code :} and the space
 * before decoding is the same as splitting the decoded line: UTF-8 decoders replace a malformed
 * sequence without swallowing the ASCII byte after it.
 */
final class SseReader implements FrameReader<SseEvent> {
  private static final ByteString DATA = ByteString.encodeUtf8("data");
  private static final ByteString EVENT = ByteString.encodeUtf8("event");
  private static final ByteString ID = ByteString.encodeUtf8("id");
  private static final ByteString BOM = ByteString.encodeUtf8("\uFEFF");
  private static final byte[] NO_BYTES = {};

  private final LineReader lines;
  private final BufferedSource source;
  private String lastId;
  private boolean started;

  SseReader(LineReader lines) {
    if (!lines.crEndsLine()) {
      throw new IllegalArgumentException("Server-Sent Events lines may end in a lone \\r");
    }
    this.lines = lines;
    this.source = lines.source();
  }

  @Override
  public SseEvent next() throws IOException {
    String event = null;
    // The event's data: its first data line, then all of them once there is more than one.
    byte[] data = null;
    Buffer joined = null;
    long length;
    while ((length = lines.findSseLine()) >= 0) {
      Buffer buffer = source.getBuffer();
      if (!started) {
        started = true;
        if (length >= BOM.size() && buffer.rangeEquals(0, BOM)) {
          source.skip(BOM.size());
          length -= BOM.size();
        }
      }
      if (length == 0) {
        lines.finishLine(0);
        if (data != null || joined != null) {
          // An empty "event:" field leaves the default type, as the standard says.
          String type = event == null || event.isEmpty() ? "message" : event;
          return SseEvent.ofUtf8(type, joined == null ? data : joined.readByteArray(), lastId);
        }
        event = null;
        continue;
      }
      if (buffer.getByte(0) == ':') {
        lines.finishLine(length);
        continue;
      }
      long colon = buffer.indexOf((byte) ':', 0, length);
      long field = colon < 0 ? length : colon;
      long valueStart = colon < 0 ? length : colon + 1;
      if (valueStart < length && buffer.getByte(valueStart) == ' ') {
        valueStart++;
      }
      long valueLength = length - valueStart;
      if (field == DATA.size() && buffer.rangeEquals(0, DATA)) {
        source.skip(valueStart);
        if (data == null && joined == null) {
          data = valueLength == 0 ? NO_BYTES : source.readByteArray(valueLength);
        } else {
          if (joined == null) {
            joined = new Buffer().write(data);
            data = null;
          }
          joined.writeByte('\n');
          source.readFully(joined, valueLength);
        }
        lines.finishLine(0);
      } else if (field == EVENT.size() && buffer.rangeEquals(0, EVENT)) {
        source.skip(valueStart);
        event = source.readUtf8(valueLength);
        lines.finishLine(0);
      } else if (field == ID.size() && buffer.rangeEquals(0, ID)) {
        source.skip(valueStart);
        String value = source.readUtf8(valueLength);
        if (value.indexOf('\0') < 0) {
          lastId = value;
        }
        lines.finishLine(0);
      } else {
        // "retry" and unknown fields are ignored, as the standard says.
        lines.finishLine(length);
      }
    }
    return null;
  }
}
