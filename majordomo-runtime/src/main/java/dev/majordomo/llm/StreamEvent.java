package dev.majordomo.llm;

import java.util.Objects;

/** One event of a {@link ResponseStream}. */
public sealed interface StreamEvent {

  /**
   * A piece of the reply's text.
   *
   * @param text the text
   */
  record TextDelta(String text) implements StreamEvent {
    /**
     * Checks the event.
     *
     * @param text the text, not null
     */
    public TextDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A piece of the model's reasoning text, as it arrives, for showing "thinking…". Redacted
   * reasoning sends none. The complete part follows as a {@link ReasoningEvent}.
   *
   * @param text the reasoning text
   */
  record ReasoningDelta(String text) implements StreamEvent {
    /**
     * Checks the event.
     *
     * @param text the text, not null
     */
    public ReasoningDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A complete reasoning part (text with its signature, or redacted reasoning), emitted when the
   * provider has finished it, before the tool calls and text that follow it. Tool loops keep it in
   * the assistant turn so that it can be replayed.
   *
   * @param reasoning the part
   */
  record ReasoningEvent(Part.Reasoning reasoning) implements StreamEvent {
    /**
     * Checks the event.
     *
     * @param reasoning the part, not null
     */
    public ReasoningEvent {
      Objects.requireNonNull(reasoning, "reasoning");
    }
  }

  /**
   * A complete tool call (providers assemble streamed fragments before emitting it).
   *
   * @param call the call
   */
  record ToolCallEvent(Part.ToolCall call) implements StreamEvent {
    /**
     * Checks the event.
     *
     * @param call the call, not null
     */
    public ToolCallEvent {
      Objects.requireNonNull(call, "call");
    }
  }

  /**
   * Token counts, usually near the end.
   *
   * @param usage the token counts
   */
  record UsageEvent(Usage usage) implements StreamEvent {
    /**
     * Checks the event.
     *
     * @param usage the token counts, not null
     */
    public UsageEvent {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /**
   * The last event of a stream.
   *
   * @param finishReason why the model stopped
   * @param responseId the provider's id of the reply, as {@link Response#id()}; {@code null} when
   *     the provider gives none
   * @param responseModel the model that answered, as the provider reported it ({@link
   *     Response#model()}); {@code null} when it did not say
   */
  record Done(FinishReason finishReason, String responseId, String responseModel)
      implements StreamEvent {
    /**
     * Checks the event.
     *
     * @param finishReason why the model stopped, not null
     * @param responseId the provider's id of the reply, or {@code null}
     * @param responseModel the model that answered, or {@code null}
     */
    public Done {
      Objects.requireNonNull(finishReason, "finishReason");
    }

    /**
     * The last event, without the provider's id and model name.
     *
     * @param finishReason why the model stopped, not null
     */
    public Done(FinishReason finishReason) {
      this(finishReason, null, null);
    }
  }
}
