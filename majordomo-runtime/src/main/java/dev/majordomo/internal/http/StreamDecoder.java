package dev.majordomo.internal.http;

import dev.majordomo.llm.StreamEvent;
import java.util.function.Consumer;

/**
 * Turns a provider's stream frames (SSE events or NDJSON lines) into canonical {@link
 * StreamEvent}s. One decoder serves one stream; it may keep state (tool-call fragments, usage).
 * Methods report failures by throwing {@link dev.majordomo.llm.LlmException} (see {@link
 * HttpTransport#streamError} and {@link HttpTransport#malformed}).
 */
public interface StreamDecoder<F> {

  /**
   * Decodes one frame, passing any events it completes to {@code out}.
   *
   * @return {@code true} when this frame ends the stream (e.g. {@code [DONE]}); no more frames are
   *     read after it
   */
  boolean decode(F frame, Consumer<StreamEvent> out);

  /**
   * Called when the body ends before {@link #decode} returned {@code true}: emit the final events
   * if what was received is complete, or throw for a truncated stream.
   */
  void endOfInput(Consumer<StreamEvent> out);
}
