package dev.majordomo.provider.http;

import java.io.IOException;

/**
 * Parses a {@code text/event-stream} body as the HTML Living Standard describes it: {@code field:
 * value} lines (one leading space of the value dropped) ending in {@code \r\n}, {@code \n} or
 * {@code \r}, a byte order mark at the start dropped, {@code data} lines accumulated and joined
 * with {@code \n}, comment lines (starting with {@code :}) ignored, {@code retry} ignored, and an
 * event dispatched at each blank line. An event without data is not dispatched; an unfinished event
 * at the end of the body is dropped, as the standard requires (a truncated stream must not look
 * complete).
 */
final class SseReader implements FrameReader<SseEvent> {
  private final LineReader lines;
  private String lastId;
  private boolean started;

  SseReader(LineReader lines) {
    this.lines = lines;
  }

  @Override
  public SseEvent next() throws IOException {
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.next()) != null) {
      if (!started) {
        started = true;
        if (line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
      }
      if (line.isEmpty()) {
        if (data != null) {
          // An empty "event:" field leaves the default type, as the standard says.
          String type = event == null || event.isEmpty() ? "message" : event;
          return new SseEvent(type, data.toString(), lastId);
        }
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        case "event" -> event = value;
        case "id" -> {
          if (value.indexOf('\0') < 0) {
            lastId = value;
          }
        }
        default -> {
          // "retry" and unknown fields are ignored, as the standard says.
        }
      }
    }
    return null;
  }
}
