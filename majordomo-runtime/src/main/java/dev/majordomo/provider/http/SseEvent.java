package dev.majordomo.provider.http;

import java.util.Objects;

/**
 * One Server-Sent Event.
 *
 * @param event the {@code event:} field, or {@code "message"} when the event had none
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last {@code id:} field seen, or {@code null}
 */
public record SseEvent(String event, String data, String id) {
  /** The payload OpenAI-style streams use to mark their end. */
  public static final String DONE = "[DONE]";

  public SseEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(data, "data");
  }

  /** Whether the data is the {@code [DONE]} terminator. */
  public boolean isDone() {
    return DONE.equals(data.strip());
  }
}
