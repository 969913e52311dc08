package dev.majordomo.llm;

import java.time.Duration;
import java.util.List;

/**
 * Sampling and limit options for one request. Every field is optional: {@code null} means "the
 * provider's default". Immutable; the {@code with…} methods return copies.
 *
 * @param temperature sampling temperature
 * @param maxTokens the most output tokens the model may produce
 * @param stop stop sequences (empty for none)
 * @param seed a seed for providers that support deterministic sampling
 * @param timeout how long a single attempt may take
 * @param topP nucleus sampling: the model samples only from the most likely tokens whose
 *     probabilities add up to this share, from 0 to 1
 * @param reasoningEffort how much a reasoning model should think; mapped to each wire as {@code
 *     docs/reasoning-and-caching.md} describes, ignored by models that cannot reason
 * @param reasoningBudgetTokens how many tokens a reasoning model may spend thinking, at least 1024
 *     (Anthropic's minimum); Anthropic takes it as {@code budget_tokens}, wires that take an effort
 *     get {@link ReasoningEffort#forBudget(int)} unless {@code reasoningEffort} is set too
 * @param promptCache whether to mark the stable start of the request for the provider's prompt
 *     cache, and for how long
 */
public record GenerationOptions(
    Double temperature,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    Duration timeout,
    Double topP,
    ReasoningEffort reasoningEffort,
    Integer reasoningBudgetTokens,
    PromptCache promptCache) {

  /** The smallest thinking budget: Anthropic refuses less. */
  public static final int MIN_REASONING_BUDGET_TOKENS = 1024;

  /** No options set. */
  public static final GenerationOptions DEFAULTS =
      new GenerationOptions(null, null, List.of(), null, null, null, null, null, null);

  /**
   * Checks the options; a null {@code stop} becomes empty.
   *
   * @param temperature sampling temperature, or {@code null}
   * @param maxTokens the most output tokens, positive, or {@code null}
   * @param stop stop sequences, or {@code null}
   * @param seed a sampling seed, or {@code null}
   * @param timeout how long a single attempt may take, positive, or {@code null}
   * @param topP nucleus sampling's probability mass, from 0 to 1 inclusive, or {@code null}
   * @param reasoningEffort how much a reasoning model should think, or {@code null}
   * @param reasoningBudgetTokens the thinking budget, at least {@value
   *     #MIN_REASONING_BUDGET_TOKENS}, or {@code null}
   * @param promptCache the prompt-cache setting, or {@code null} for the provider's default (no
   *     breakpoints)
   * @throws IllegalArgumentException if {@code maxTokens} or {@code timeout} is not positive,
   *     {@code topP} is not within [0, 1], {@code reasoningBudgetTokens} is below {@value
   *     #MIN_REASONING_BUDGET_TOKENS}, or a budget comes with the effort {@link
   *     ReasoningEffort#NONE}
   */
  public GenerationOptions {
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    // Written so that NaN fails too.
    if (topP != null && !(topP >= 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be within [0, 1], was " + topP);
    }
    if (reasoningBudgetTokens != null && reasoningBudgetTokens < MIN_REASONING_BUDGET_TOKENS) {
      throw new IllegalArgumentException(
          "reasoningBudgetTokens must be at least "
              + MIN_REASONING_BUDGET_TOKENS
              + " (Anthropic's minimum), was "
              + reasoningBudgetTokens);
    }
    if (reasoningBudgetTokens != null && reasoningEffort == ReasoningEffort.NONE) {
      throw new IllegalArgumentException(
          "reasoningBudgetTokens ("
              + reasoningBudgetTokens
              + ") contradicts reasoningEffort NONE: set one of them");
    }
  }

  /**
   * Options without the reasoning and prompt-cache settings.
   *
   * @param temperature sampling temperature, or {@code null}
   * @param maxTokens the most output tokens, positive, or {@code null}
   * @param stop stop sequences, or {@code null}
   * @param seed a sampling seed, or {@code null}
   * @param timeout how long a single attempt may take, positive, or {@code null}
   * @param topP nucleus sampling's probability mass, from 0 to 1 inclusive, or {@code null}
   * @throws IllegalArgumentException if {@code maxTokens} or {@code timeout} is not positive, or
   *     {@code topP} is not within [0, 1]
   */
  public GenerationOptions(
      Double temperature,
      Integer maxTokens,
      List<String> stop,
      Long seed,
      Duration timeout,
      Double topP) {
    this(temperature, maxTokens, stop, seed, timeout, topP, null, null, null);
  }

  /**
   * Options without {@code topP}.
   *
   * @param temperature sampling temperature, or {@code null}
   * @param maxTokens the most output tokens, positive, or {@code null}
   * @param stop stop sequences, or {@code null}
   * @param seed a sampling seed, or {@code null}
   * @param timeout how long a single attempt may take, positive, or {@code null}
   * @throws IllegalArgumentException if {@code maxTokens} or {@code timeout} is not positive
   */
  public GenerationOptions(
      Double temperature, Integer maxTokens, List<String> stop, Long seed, Duration timeout) {
    this(temperature, maxTokens, stop, seed, timeout, null);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the sampling temperature, or {@code null} for the default
   */
  public GenerationOptions withTemperature(Double value) {
    return new GenerationOptions(
        value,
        maxTokens,
        stop,
        seed,
        timeout,
        topP,
        reasoningEffort,
        reasoningBudgetTokens,
        promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the most output tokens, or {@code null} for the default
   */
  public GenerationOptions withMaxTokens(Integer value) {
    return new GenerationOptions(
        temperature,
        value,
        stop,
        seed,
        timeout,
        topP,
        reasoningEffort,
        reasoningBudgetTokens,
        promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the stop sequences, or {@code null} for none
   */
  public GenerationOptions withStop(List<String> value) {
    return new GenerationOptions(
        temperature,
        maxTokens,
        value,
        seed,
        timeout,
        topP,
        reasoningEffort,
        reasoningBudgetTokens,
        promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the sampling seed, or {@code null} for none
   */
  public GenerationOptions withSeed(Long value) {
    return new GenerationOptions(
        temperature,
        maxTokens,
        stop,
        value,
        timeout,
        topP,
        reasoningEffort,
        reasoningBudgetTokens,
        promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value how long a single attempt may take, or {@code null} for the default
   */
  public GenerationOptions withTimeout(Duration value) {
    return new GenerationOptions(
        temperature,
        maxTokens,
        stop,
        seed,
        value,
        topP,
        reasoningEffort,
        reasoningBudgetTokens,
        promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value nucleus sampling's probability mass, from 0 to 1, or {@code null} for the default
   * @throws IllegalArgumentException if {@code value} is not within [0, 1]
   */
  public GenerationOptions withTopP(Double value) {
    return new GenerationOptions(
        temperature,
        maxTokens,
        stop,
        seed,
        timeout,
        value,
        reasoningEffort,
        reasoningBudgetTokens,
        promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value how much a reasoning model should think, or {@code null} for the default
   * @throws IllegalArgumentException if {@code value} is {@link ReasoningEffort#NONE} while a
   *     budget is set
   */
  public GenerationOptions withReasoningEffort(ReasoningEffort value) {
    return new GenerationOptions(
        temperature,
        maxTokens,
        stop,
        seed,
        timeout,
        topP,
        value,
        reasoningBudgetTokens,
        promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the thinking budget, at least {@value #MIN_REASONING_BUDGET_TOKENS}, or {@code
   *     null} for none
   * @throws IllegalArgumentException if {@code value} is below {@value
   *     #MIN_REASONING_BUDGET_TOKENS}, or the effort is {@link ReasoningEffort#NONE}
   */
  public GenerationOptions withReasoningBudgetTokens(Integer value) {
    return new GenerationOptions(
        temperature, maxTokens, stop, seed, timeout, topP, reasoningEffort, value, promptCache);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the prompt-cache setting, or {@code null} for the default
   */
  public GenerationOptions withPromptCache(PromptCache value) {
    return new GenerationOptions(
        temperature,
        maxTokens,
        stop,
        seed,
        timeout,
        topP,
        reasoningEffort,
        reasoningBudgetTokens,
        value);
  }

  /**
   * {@return whether a reasoning setting asks for thinking: an effort other than {@link
   * ReasoningEffort#NONE}, or a budget}
   */
  public boolean reasoningRequested() {
    return reasoningBudgetTokens != null
        || (reasoningEffort != null && reasoningEffort != ReasoningEffort.NONE);
  }

  /**
   * {@return the thinking budget for a wire that takes one (Anthropic): the budget if set, else the
   * effort's {@linkplain ReasoningEffort#anthropicBudgetTokens() budget}; {@code null} when no
   * thinking is asked for}
   */
  public Integer effectiveReasoningBudgetTokens() {
    if (reasoningBudgetTokens != null) {
      return reasoningBudgetTokens;
    }
    return reasoningRequested() ? reasoningEffort.anthropicBudgetTokens() : null;
  }

  /**
   * {@return the effort for a wire that takes one (OpenAI, Ollama): the effort if set, else the
   * {@linkplain ReasoningEffort#forBudget(int) budget's effort}; {@code null} when neither is set}
   */
  public ReasoningEffort effectiveReasoningEffort() {
    if (reasoningEffort != null) {
      return reasoningEffort;
    }
    return reasoningBudgetTokens == null ? null : ReasoningEffort.forBudget(reasoningBudgetTokens);
  }

  /**
   * {@return these options with every field that {@code override} sets taking its value}
   *
   * @param override the options that win, or {@code null} for none
   */
  public GenerationOptions overriddenBy(GenerationOptions override) {
    if (override == null) {
      return this;
    }
    return new GenerationOptions(
        override.temperature != null ? override.temperature : temperature,
        override.maxTokens != null ? override.maxTokens : maxTokens,
        !override.stop.isEmpty() ? override.stop : stop,
        override.seed != null ? override.seed : seed,
        override.timeout != null ? override.timeout : timeout,
        override.topP != null ? override.topP : topP,
        // Effort and budget are one setting: an override that sets either replaces both, so that
        // a method's "none" is not contradicted by the type's budget.
        override.reasoningEffort != null || override.reasoningBudgetTokens != null
            ? override.reasoningEffort
            : reasoningEffort,
        override.reasoningEffort != null || override.reasoningBudgetTokens != null
            ? override.reasoningBudgetTokens
            : reasoningBudgetTokens,
        override.promptCache != null ? override.promptCache : promptCache);
  }
}
