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

  /** The sum of both counts; a sum past {@code Long.MAX_VALUE} stays at it. */
  public Usage plus(Usage other) {
    return new Usage(
        saturatedSum(inputTokens, other.inputTokens),
        saturatedSum(outputTokens, other.outputTokens),
        saturatedSum(cachedTokens, other.cachedTokens),
        saturatedSum(reasoningTokens, other.reasoningTokens));
  }

  /**
   * {@code a + b} for two counts that are not negative, or {@code Long.MAX_VALUE} where that would
   * overflow: a server that reports absurd counts must not turn a reply into an error.
   */
  public static long saturatedSum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
