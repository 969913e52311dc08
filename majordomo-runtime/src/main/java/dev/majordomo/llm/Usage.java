package dev.majordomo.llm;

/**
 * Token counts for one reply. {@code inputTokens} is the whole prompt, whatever the cache did with
 * it: of it, {@code cachedTokens} were read from the provider's prompt cache and {@code
 * cacheWriteTokens} were written to it (as OpenTelemetry's GenAI conventions count {@code
 * gen_ai.usage.input_tokens}). {@code reasoningTokens} is the part of the output spent on
 * reasoning.
 *
 * @param inputTokens the tokens of the request, cached or not
 * @param outputTokens the tokens of the reply
 * @param cachedTokens the part of {@code inputTokens} read from the provider's prompt cache
 * @param reasoningTokens the part of {@code outputTokens} spent on reasoning
 * @param cacheWriteTokens the part of {@code inputTokens} written to the provider's prompt cache
 *     (Anthropic's {@code cache_creation_input_tokens}); zero where the provider does not say
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cachedTokens,
    long reasoningTokens,
    long cacheWriteTokens) {
  /** No tokens: what a reply that reported no usage carries. */
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

  /**
   * Checks the counts.
   *
   * @param inputTokens the tokens of the request, cached or not
   * @param outputTokens the tokens of the reply
   * @param cachedTokens the part of the input read from the prompt cache
   * @param reasoningTokens the part of the output spent on reasoning
   * @param cacheWriteTokens the part of the input written to the prompt cache
   * @throws IllegalArgumentException if a count is negative
   */
  public Usage {
    if (inputTokens < 0
        || outputTokens < 0
        || cachedTokens < 0
        || reasoningTokens < 0
        || cacheWriteTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  /**
   * Counts without cache writes.
   *
   * @param inputTokens the tokens of the request, cached or not
   * @param outputTokens the tokens of the reply
   * @param cachedTokens the part of the input read from the prompt cache
   * @param reasoningTokens the part of the output spent on reasoning
   * @throws IllegalArgumentException if a count is negative
   */
  public Usage(long inputTokens, long outputTokens, long cachedTokens, long reasoningTokens) {
    this(inputTokens, outputTokens, cachedTokens, reasoningTokens, 0);
  }

  /** {@return the input and output tokens together} */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /**
   * {@return the sum of both counts}; a sum past {@code Long.MAX_VALUE} stays at it.
   *
   * @param other the counts to add
   */
  public Usage plus(Usage other) {
    return new Usage(
        saturatedSum(inputTokens, other.inputTokens),
        saturatedSum(outputTokens, other.outputTokens),
        saturatedSum(cachedTokens, other.cachedTokens),
        saturatedSum(reasoningTokens, other.reasoningTokens),
        saturatedSum(cacheWriteTokens, other.cacheWriteTokens));
  }

  /**
   * {@code a + b} for two counts that are not negative, or {@code Long.MAX_VALUE} where that would
   * overflow: a server that reports absurd counts must not turn a reply into an error.
   *
   * @param a a count, not negative
   * @param b another count, not negative
   * @return their sum, or {@code Long.MAX_VALUE}
   */
  public static long saturatedSum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
