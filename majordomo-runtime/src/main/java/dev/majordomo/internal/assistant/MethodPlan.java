package dev.majordomo.internal.assistant;

import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.ResponseSchema;
import java.util.Objects;

/**
 * Everything about one assistant method that is fixed at compile time. For generated code: the
 * annotation processor writes one constant per method.
 *
 * @param assistant the assistant interface's simple name, for messages
 * @param method the method's name, for messages
 * @param chain the chain to call, e.g. {@code "fast,thinking"}; a blank chain means the chain named
 *     {@code default}
 * @param options the request options ({@code null} for none)
 * @param maxToolRounds how many rounds of tool calls the model may ask for; a negative value (kept
 *     as {@code -1}) means the registry's {@link dev.majordomo.Limits#maxToolRounds()}, {@link
 *     #DEFAULT_MAX_TOOL_ROUNDS} unless configured
 * @param responseSchema the schema of a structured reply, or {@code null} for a plain text reply
 */
public record MethodPlan(
    String assistant,
    String method,
    String chain,
    GenerationOptions options,
    int maxToolRounds,
    ResponseSchema responseSchema) {

  /**
   * The number of tool rounds allowed when {@code @Llm(maxToolRounds)} is not set and the
   * registry's limits are the defaults.
   */
  public static final int DEFAULT_MAX_TOOL_ROUNDS = dev.majordomo.Limits.DEFAULT_MAX_TOOL_ROUNDS;

  /** The {@code maxToolRounds} that defers to the registry's limit. */
  public static final int INHERIT_MAX_TOOL_ROUNDS = -1;

  /** The chain used when a method and its interface name none. */
  public static final String DEFAULT_CHAIN = "default";

  public MethodPlan {
    Objects.requireNonNull(assistant, "assistant");
    Objects.requireNonNull(method, "method");
    chain = chain == null || chain.isBlank() ? DEFAULT_CHAIN : chain;
    options = options == null ? GenerationOptions.DEFAULTS : options;
    maxToolRounds = maxToolRounds < 0 ? INHERIT_MAX_TOOL_ROUNDS : maxToolRounds;
  }

  /** The rounds allowed: this plan's own, or {@code limits.maxToolRounds()} when it sets none. */
  public int maxToolRounds(dev.majordomo.Limits limits) {
    return maxToolRounds < 0 ? limits.maxToolRounds() : maxToolRounds;
  }

  /** {@code Assistant.method}, as messages name the method. */
  public String qualifiedName() {
    return assistant + "." + method;
  }
}
