package dev.majordomo.provider.http;

import java.io.IOException;

/**
 * Parses a {@code text/event-stream} body as the HTML Living Standard describes it: {@code field:
 * value} lines (one leading space of the value dropped), {@code data} lines accumulated and joined
 * with {@code \n}, comment lines (starting with {@code :}) ignored, {@code retry} ignored, and an
 * event dispatched at each blank line. An event without data is not dispatched; an unfinished event
 * at the end of the body is dropped, as the standard requires (a truncated stream must not look
 * complete).
 */
final class SseReader implements FrameReader<SseEvent> {
  private final LineReader lines;
  private String lastId;

  SseReader(LineReader lines) {
    this.lines = lines;
  }

  @Override
  public SseEvent next() throws IOException {
    String event = null;
    // One data line (the usual case) is kept as it is; a builder only for a second one.
    String firstData = null;
    StringBuilder moreData = null;
    String line;
    while ((line = lines.next()) != null) {
      if (line.isEmpty()) {
        if (firstData != null) {
          String data = moreData == null ? firstData : moreData.toString();
          return new SseEvent(event == null ? "message" : event, data, lastId);
        }
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      // The value starts after the colon and one optional space; copied once, below.
      int valueStart =
          colon < 0
              ? line.length()
              : colon + 1 < line.length() && line.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
      if (isField(line, colon, "data")) {
        String value = line.substring(valueStart);
        if (firstData == null) {
          firstData = value;
        } else {
          if (moreData == null) {
            moreData = new StringBuilder(firstData);
          }
          moreData.append('\n').append(value);
        }
      } else if (isField(line, colon, "event")) {
        event = line.substring(valueStart);
      } else if (isField(line, colon, "id")) {
        String value = line.substring(valueStart);
        if (value.indexOf('\0') < 0) {
          lastId = value;
        }
      }
      // "retry" and unknown fields are ignored, as the standard says.
    }
    return null;
  }

  /** Whether the field name of {@code line} (up to {@code colon}, or all of it) is {@code name}. */
  private static boolean isField(String line, int colon, String name) {
    int end = colon < 0 ? line.length() : colon;
    return end == name.length() && line.startsWith(name);
  }
}
