package dev.majordomo.internal.assistant;

import dev.majordomo.Limits;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.ResponseSchema;
import java.util.Objects;

/**
 * Everything about one assistant method that is fixed at compile time. For generated code: the
 * annotation processor writes one constant per method, starting from {@link #forMethod} and naming
 * each setting that differs from the default:
 *
 * <pre>{@code
 * MethodPlan.forMethod("TravelAgent", "itinerary")
 *     .withChain("thinking")
 *     .withMaxToolRounds(3)
 *     .withResponseSchema(new ResponseSchema("Itinerary", ITINERARY_SCHEMA));
 * }</pre>
 *
 * @param assistant the assistant interface's simple name, for messages
 * @param method the method's name, for messages
 * @param chain the chain to call, e.g. {@code "fast,thinking"}; a blank chain means the chain named
 *     {@code default}
 * @param options the request options ({@code null} for none)
 * @param maxToolRounds how many rounds of tool calls the model may ask for; a negative value (kept
 *     as {@code -1}) means the registry's {@link Limits#maxToolRounds()}
 * @param responseSchema the schema of a structured reply, or {@code null} for a plain text reply
 * @param memoryId the name of the {@code @MemoryId} parameter, or {@code null} for a method without
 *     chat memory
 * @param maxHistoryMessages the most history messages a call sends; {@code -1} inherits
 * @param maxHistoryTokens the most history tokens a call sends; {@code -1} inherits
 */
public record MethodPlan(
    String assistant,
    String method,
    String chain,
    GenerationOptions options,
    int maxToolRounds,
    ResponseSchema responseSchema,
    String memoryId,
    int maxHistoryMessages,
    int maxHistoryTokens) {

  /** The {@code maxToolRounds} that defers to the registry's limit. */
  static final int INHERIT_MAX_TOOL_ROUNDS = -1;

  /** The chain used when a method and its interface name none. */
  static final String DEFAULT_CHAIN = "default";

  public MethodPlan {
    Objects.requireNonNull(assistant, "assistant");
    Objects.requireNonNull(method, "method");
    chain = chain == null || chain.isBlank() ? DEFAULT_CHAIN : chain;
    options = options == null ? GenerationOptions.DEFAULTS : options;
    maxToolRounds = maxToolRounds < 0 ? INHERIT_MAX_TOOL_ROUNDS : maxToolRounds;
  }

  /** A plan without chat memory. */
  public MethodPlan(
      String assistant,
      String method,
      String chain,
      GenerationOptions options,
      int maxToolRounds,
      ResponseSchema responseSchema) {
    this(assistant, method, chain, options, maxToolRounds, responseSchema, null, -1, -1);
  }

  /**
   * The plan of {@code assistant.method} with every setting at its default: the chain named {@code
   * default}, {@link GenerationOptions#DEFAULTS}, the registry's tool rounds and a plain text
   * reply.
   */
  public static MethodPlan forMethod(String assistant, String method) {
    return new MethodPlan(assistant, method, null, null, INHERIT_MAX_TOOL_ROUNDS, null);
  }

  /** This plan calling {@code chain} (a blank one means the chain named {@code default}). */
  public MethodPlan withChain(String chain) {
    return new MethodPlan(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        responseSchema,
        memoryId,
        maxHistoryMessages,
        maxHistoryTokens);
  }

  /** This plan sending {@code options} ({@code null} for the defaults). */
  public MethodPlan withOptions(GenerationOptions options) {
    return new MethodPlan(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        responseSchema,
        memoryId,
        maxHistoryMessages,
        maxHistoryTokens);
  }

  /** This plan allowing {@code rounds} rounds of tool calls (negative: the registry's limit). */
  public MethodPlan withMaxToolRounds(int rounds) {
    return new MethodPlan(
        assistant,
        method,
        chain,
        options,
        rounds,
        responseSchema,
        memoryId,
        maxHistoryMessages,
        maxHistoryTokens);
  }

  /** This plan asking for a structured reply of {@code schema} ({@code null} for plain text). */
  public MethodPlan withResponseSchema(ResponseSchema schema) {
    return new MethodPlan(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        schema,
        memoryId,
        maxHistoryMessages,
        maxHistoryTokens);
  }

  /** This plan keeping chat memory under the {@code @MemoryId} parameter {@code parameterName}. */
  public MethodPlan withMemoryId(String parameterName) {
    return new MethodPlan(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        responseSchema,
        parameterName,
        maxHistoryMessages,
        maxHistoryTokens);
  }

  /** This plan sending at most these history messages and tokens ({@code -1}: inherit, each). */
  public MethodPlan withHistoryLimits(int maxMessages, int maxTokens) {
    return new MethodPlan(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        responseSchema,
        memoryId,
        maxMessages,
        maxTokens);
  }

  /** The rounds allowed: this plan's own, or {@code limits.maxToolRounds()} when it sets none. */
  public int maxToolRounds(Limits limits) {
    return maxToolRounds < 0 ? limits.maxToolRounds() : maxToolRounds;
  }

  /** {@code Assistant.method}, as messages name the method. */
  public String qualifiedName() {
    return assistant + "." + method;
  }
}
