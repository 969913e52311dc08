package dev.majordomo.internal.assistant;

import dev.majordomo.Limits;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.ResponseSchema;
import java.util.List;
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
 * @param memoryId the name of the method's {@code @MemoryId} parameter, or {@code null} when the
 *     method keeps no conversation
 * @param maxHistoryMessages the most messages of history a call sends; {@code -1} inherits the
 *     assistant's or the registry's {@code MemoryPolicy}
 * @param maxHistoryTokens the most tokens of history a call sends; {@code -1} inherits
 * @param toolSources the names of the {@linkplain dev.majordomo.llm.ToolSource tool sources} whose
 *     tools a call may use besides its {@code @Tool} methods ({@code @Llm(toolSources)}), in order;
 *     empty for none
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
    int maxHistoryTokens,
    List<String> toolSources) {

  /** The {@code maxToolRounds} that defers to the registry's limit. */
  static final int INHERIT_MAX_TOOL_ROUNDS = -1;

  /** The chain used when a method and its interface name none. */
  static final String DEFAULT_CHAIN = "default";

  /** A history limit that defers to the assistant's or the registry's {@code MemoryPolicy}. */
  static final int INHERIT_HISTORY_LIMIT = -1;

  public MethodPlan {
    Objects.requireNonNull(assistant, "assistant");
    Objects.requireNonNull(method, "method");
    chain = chain == null || chain.isBlank() ? DEFAULT_CHAIN : chain;
    options = options == null ? GenerationOptions.DEFAULTS : options;
    maxToolRounds = maxToolRounds < 0 ? INHERIT_MAX_TOOL_ROUNDS : maxToolRounds;
    if (memoryId != null && memoryId.isBlank()) {
      throw new IllegalArgumentException(
          assistant + "." + method + ": the @MemoryId parameter name is blank");
    }
    maxHistoryMessages = historyLimit(assistant, method, "maxHistoryMessages", maxHistoryMessages);
    maxHistoryTokens = historyLimit(assistant, method, "maxHistoryTokens", maxHistoryTokens);
    toolSources = toolSources == null ? List.of() : List.copyOf(toolSources);
  }

  /** A plan without tool sources, as generated code written before it calls it. */
  public MethodPlan(
      String assistant,
      String method,
      String chain,
      GenerationOptions options,
      int maxToolRounds,
      ResponseSchema responseSchema,
      String memoryId,
      int maxHistoryMessages,
      int maxHistoryTokens) {
    this(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        responseSchema,
        memoryId,
        maxHistoryMessages,
        maxHistoryTokens,
        List.of());
  }

  /** A plan without chat memory, as generated code written before it calls it. */
  public MethodPlan(
      String assistant,
      String method,
      String chain,
      GenerationOptions options,
      int maxToolRounds,
      ResponseSchema responseSchema) {
    this(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        responseSchema,
        null,
        INHERIT_HISTORY_LIMIT,
        INHERIT_HISTORY_LIMIT);
  }

  private static int historyLimit(String assistant, String method, String name, int value) {
    if (value == 0) {
      // MemoryPolicy needs at least 1; a method that wants no history has no @MemoryId
      throw new IllegalArgumentException(
          assistant + "." + method + ": " + name + " must be at least 1, or -1 to inherit, was 0");
    }
    return value < 0 ? INHERIT_HISTORY_LIMIT : value;
  }

  /**
   * The plan of {@code assistant.method} with every setting at its default: the chain named {@code
   * default}, {@link GenerationOptions#DEFAULTS}, the registry's tool rounds, a plain text reply
   * and no chat memory.
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
        maxHistoryTokens,
        toolSources);
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
        maxHistoryTokens,
        toolSources);
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
        maxHistoryTokens,
        toolSources);
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
        maxHistoryTokens,
        toolSources);
  }

  /**
   * This plan continuing the conversation named by its parameter {@code parameterName} (the one
   * annotated {@code @MemoryId}); {@code null} for a method without chat memory.
   */
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
        maxHistoryTokens,
        toolSources);
  }

  /**
   * This plan sending at most {@code maxMessages} messages and {@code maxTokens} tokens of history;
   * {@code -1} for either inherits the assistant's or the registry's {@code MemoryPolicy}.
   *
   * @throws IllegalArgumentException when a limit is 0
   */
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
        maxTokens,
        toolSources);
  }

  /**
   * This plan using the tool sources named {@code names} besides its {@code @Tool} methods.
   *
   * @param names the sources' names, as {@code @Llm(toolSources)} lists them
   */
  public MethodPlan withToolSources(String... names) {
    return new MethodPlan(
        assistant,
        method,
        chain,
        options,
        maxToolRounds,
        responseSchema,
        memoryId,
        maxHistoryMessages,
        maxHistoryTokens,
        List.of(names));
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
