package dev.majordomo.llm;

import java.util.Objects;

/** One event of a {@link ResponseStream}. */
public sealed interface StreamEvent {

  /** A piece of the reply's text. */
  record TextDelta(String text) implements StreamEvent {
    public TextDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A complete tool call (providers assemble streamed fragments before emitting it). */
  record ToolCallEvent(Part.ToolCall call) implements StreamEvent {
    public ToolCallEvent {
      Objects.requireNonNull(call, "call");
    }
  }

  /** Token counts, usually near the end. */
  record UsageEvent(Usage usage) implements StreamEvent {
    public UsageEvent {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /** The last event of a stream. */
  record Done(FinishReason finishReason) implements StreamEvent {
    public Done {
      Objects.requireNonNull(finishReason, "finishReason");
    }
  }
}
