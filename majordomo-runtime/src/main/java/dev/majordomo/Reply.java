package dev.majordomo;

import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.util.List;

/**
 * The decoded answer of an assistant method together with what it took to get it. Declare an
 * assistant method's return type as {@code Reply<T>} instead of {@code T} to receive it.
 *
 * @param value the decoded answer
 * @param usage token counts summed over every round of the call (tool rounds and a repair retry
 *     included)
 * @param answeredBy the target that gave the final answer; {@code null} when the model does not
 *     report one (a hand-written test model)
 * @param attempts every attempt of every round, in order: the chain's failovers, retries and skips
 * @param toolCalls every tool call of the call with its result and round, in order
 * @param reasoning the reasoning ("thinking") the model showed in every round, in order; empty when
 *     it showed none (see {@code docs/reasoning-and-caching.md})
 * @param <T> the type of the answer
 */
public record Reply<T>(
    T value,
    Usage usage,
    Target answeredBy,
    List<Attempt> attempts,
    List<ToolInvocation> toolCalls,
    List<Part.Reasoning> reasoning) {

  /**
   * Copies the lists; null usage becomes none and null lists empty.
   *
   * @param value the decoded answer
   * @param usage token counts, or {@code null}
   * @param answeredBy the target that gave the final answer, or {@code null}
   * @param attempts every attempt, or {@code null}
   * @param toolCalls every tool call, or {@code null}
   * @param reasoning the reasoning parts, or {@code null}
   */
  public Reply {
    usage = usage == null ? Usage.NONE : usage;
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
  }

  /**
   * A reply without reasoning.
   *
   * @param value the decoded answer
   * @param usage token counts, or {@code null}
   * @param answeredBy the target that gave the final answer, or {@code null}
   * @param attempts every attempt, or {@code null}
   * @param toolCalls every tool call, or {@code null}
   */
  public Reply(
      T value,
      Usage usage,
      Target answeredBy,
      List<Attempt> attempts,
      List<ToolInvocation> toolCalls) {
    this(value, usage, answeredBy, attempts, toolCalls, List.of());
  }

  /**
   * {@return the text of the reasoning parts, for display, joined by blank lines; empty when there
   * is none (redacted reasoning has no text)}
   */
  public String reasoningText() {
    return Part.Reasoning.joinedText(reasoning);
  }
}
