package dev.majordomo.llm;

/**
 * How much a reasoning ("thinking") model should think before it answers. Each provider maps it to
 * its own wire (see {@code docs/reasoning-and-caching.md}): OpenAI's {@code reasoning_effort},
 * Anthropic's {@code thinking.budget_tokens} ({@link #anthropicBudgetTokens()}), Ollama's {@code
 * think}. A model that cannot reason ignores it.
 */
public enum ReasoningEffort {
  /** No reasoning, where the model lets it be switched off. */
  NONE("none", 0),
  /** As little reasoning as the model allows. */
  MINIMAL("minimal", 1024),
  /** Little reasoning. */
  LOW("low", 4096),
  /** Some reasoning. */
  MEDIUM("medium", 8192),
  /** Much reasoning. */
  HIGH("high", 16384);

  private final String wireName;
  private final int anthropicBudgetTokens;

  ReasoningEffort(String wireName, int anthropicBudgetTokens) {
    this.wireName = wireName;
    this.anthropicBudgetTokens = anthropicBudgetTokens;
  }

  /**
   * {@return the lower-case name, as OpenAI's {@code reasoning_effort} and {@code @Options} spell
   * it}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * {@return the thinking budget this effort stands for on Anthropic, which takes a budget rather
   * than an effort; 0 for {@link #NONE} (no thinking)}. {@link #MINIMAL} is Anthropic's minimum
   * budget, 1024 tokens.
   */
  public int anthropicBudgetTokens() {
    return anthropicBudgetTokens;
  }

  /**
   * {@return the effort a thinking budget stands for on a wire that takes an effort: below 4096
   * tokens {@link #LOW}, below 16384 {@link #MEDIUM}, else {@link #HIGH}}. {@link #MINIMAL} is
   * never derived from a budget: only some models accept it.
   *
   * @param budgetTokens the thinking budget, positive
   */
  public static ReasoningEffort forBudget(int budgetTokens) {
    if (budgetTokens < LOW.anthropicBudgetTokens) {
      return LOW;
    }
    return budgetTokens < HIGH.anthropicBudgetTokens ? MEDIUM : HIGH;
  }

  /**
   * {@return the effort named {@code name}, case aside}
   *
   * @param name a {@linkplain #wireName() lower-case name} such as {@code "high"}
   * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
   */
  public static ReasoningEffort parse(String name) {
    for (ReasoningEffort effort : values()) {
      if (effort.wireName.equalsIgnoreCase(name)) {
        return effort;
      }
    }
    throw new IllegalArgumentException(
        "unknown reasoning effort \"" + name + "\": expected none, minimal, low, medium or high");
  }
}
