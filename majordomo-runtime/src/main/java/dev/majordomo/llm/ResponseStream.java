package dev.majordomo.llm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A pull-based stream of {@link StreamEvent}s. {@link #hasNext()} blocks until the next event
 * arrives or the stream ends; a failure is thrown from {@code hasNext()} or {@code next()} as an
 * unchecked exception (usually an {@link LlmException}). Closing the stream cancels the underlying
 * call; close it in a try-with-resources block. Not thread-safe: one consumer.
 */
public interface ResponseStream extends Iterator<StreamEvent>, AutoCloseable {

  /** Cancels the call if it is still running. Idempotent; never throws. */
  @Override
  void close();

  /**
   * Reads the rest of the stream into one {@link Response}, then closes it.
   *
   * @return the reply, without target or attempt log; its id and model are those of the {@link
   *     StreamEvent.Done} event
   */
  default Response collect() {
    try (this) {
      StringBuilder text = new StringBuilder();
      List<Part> calls = new ArrayList<>();
      List<Part> reasoning = new ArrayList<>();
      Usage usage = Usage.NONE;
      FinishReason finish = FinishReason.STOP;
      String id = null;
      String model = null;
      while (hasNext()) {
        StreamEvent event = next();
        if (event instanceof StreamEvent.TextDelta d) {
          text.append(d.text());
        } else if (event instanceof StreamEvent.ToolCallEvent c) {
          calls.add(c.call());
        } else if (event instanceof StreamEvent.ReasoningEvent r) {
          reasoning.add(r.reasoning());
        } else if (event instanceof StreamEvent.UsageEvent u) {
          usage = u.usage();
        } else if (event instanceof StreamEvent.Done d) {
          finish = d.finishReason();
          id = d.responseId();
          model = d.responseModel();
        }
      }
      // Reasoning first, as the providers send it: Anthropic wants it back ahead of the rest.
      List<Part> parts = new ArrayList<>(reasoning);
      if (text.length() > 0) {
        parts.add(Part.text(text.toString()));
      }
      parts.addAll(calls);
      return new Response(Message.assistant(parts), usage, finish, null, List.of(), id, model);
    }
  }

  /**
   * A stream over events already in memory.
   *
   * @param events the events, in order
   * @return the stream
   */
  static ResponseStream of(List<StreamEvent> events) {
    Iterator<StreamEvent> it = List.copyOf(events).iterator();
    return new ResponseStream() {
      private boolean closed;

      @Override
      public boolean hasNext() {
        return !closed && it.hasNext();
      }

      @Override
      public StreamEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return it.next();
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }
}
