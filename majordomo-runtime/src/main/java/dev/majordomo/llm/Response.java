package dev.majordomo.llm;

import java.util.List;
import java.util.Objects;

/**
 * A model's reply, with the target that gave it and the log of every attempt the chain made.
 *
 * @param message the assistant message (text and/or tool calls)
 * @param usage token counts
 * @param finishReason why the model stopped
 * @param answeredBy the target that answered; {@code null} only before the chain annotates it
 * @param attempts every attempt of the call, in order, ending with the successful one
 * @param id the provider's id of this reply (OpenAI's {@code chatcmpl-…}, Anthropic's {@code
 *     msg_…}); {@code null} when the provider gives none (Ollama)
 * @param model the model that actually answered, as the provider reported it (such as {@code
 *     gpt-4o-2024-08-06} for a request to {@code gpt-4o}); {@code null} when it did not say
 */
public record Response(
    Message message,
    Usage usage,
    FinishReason finishReason,
    Target answeredBy,
    List<Attempt> attempts,
    String id,
    String model) {

  /**
   * Copies the attempt log; null usage becomes none and a null finish reason {@code STOP}.
   *
   * @param message the assistant message, not null
   * @param usage token counts, or {@code null}
   * @param finishReason why the model stopped, or {@code null}
   * @param answeredBy the target that answered, or {@code null}
   * @param attempts the attempt log, or {@code null}
   * @param id the provider's id of the reply, or {@code null}
   * @param model the model that answered, as the provider reported it, or {@code null}
   */
  public Response {
    Objects.requireNonNull(message, "message");
    usage = usage == null ? Usage.NONE : usage;
    finishReason = finishReason == null ? FinishReason.STOP : finishReason;
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }

  /**
   * A reply without the provider's id and model name.
   *
   * @param message the assistant message, not null
   * @param usage token counts, or {@code null}
   * @param finishReason why the model stopped, or {@code null}
   * @param answeredBy the target that answered, or {@code null}
   * @param attempts the attempt log, or {@code null}
   */
  public Response(
      Message message,
      Usage usage,
      FinishReason finishReason,
      Target answeredBy,
      List<Attempt> attempts) {
    this(message, usage, finishReason, answeredBy, attempts, null, null);
  }

  /**
   * A plain text reply, as a provider or a test builds it.
   *
   * @param text the reply's text
   * @return the response
   */
  public static Response ofText(String text) {
    return new Response(Message.assistant(text), Usage.NONE, FinishReason.STOP, null, List.of());
  }

  /** {@return the reply's text (the concatenation of its text parts)} */
  public String text() {
    return message.text();
  }

  /** {@return the reasoning ("thinking") parts of the reply, in order; empty when none} */
  public List<Part.Reasoning> reasoning() {
    List<Part.Reasoning> out = new java.util.ArrayList<>();
    for (Part part : message.parts()) {
      if (part instanceof Part.Reasoning r) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  /** {@return the text of the reasoning parts, for display, joined by blank lines; or empty} */
  public String reasoningText() {
    return Part.Reasoning.joinedText(reasoning());
  }

  /** {@return the tool calls the model asked for, in order; empty when none} */
  public List<Part.ToolCall> toolCalls() {
    return message.toolCalls();
  }

  /** {@return whether the model asked for any tool call} */
  public boolean hasToolCalls() {
    for (Part part : message.parts()) {
      if (part instanceof Part.ToolCall) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@return this response, annotated with the target that answered and the attempt log; the
   * provider's id and model are kept}
   *
   * @param target the target that answered
   * @param log every attempt of the call, in order
   */
  public Response routed(Target target, List<Attempt> log) {
    return new Response(message, usage, finishReason, target, log, id, model);
  }
}
