package dev.majordomo.llm;

/**
 * Token counts for one reply. {@code cachedTokens} is the part of the input served from the
 * provider's prompt cache; {@code reasoningTokens} the part of the output spent on reasoning.
 */
public record Usage(long inputTokens, long outputTokens, long cachedTokens, long reasoningTokens) {
  public static final Usage NONE = new Usage(0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cachedTokens < 0 || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedTokens + other.cachedTokens,
        reasoningTokens + other.reasoningTokens);
  }
}
