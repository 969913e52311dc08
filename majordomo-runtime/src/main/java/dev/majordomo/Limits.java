package dev.majordomo;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what one registry's calls may cost in memory and time, so that a misbehaving server, a
 * huge image or a chatty tool cannot exhaust the program. Every limit has a safe default ({@link
 * #DEFAULTS}); set others with {@code Registry.builder().limits(…)}. Immutable; the {@code with…}
 * methods return copies.
 *
 * <table>
 *   <caption>What happens when a limit is exceeded</caption>
 *   <tr><th>limit</th><th>default</th><th>when exceeded</th></tr>
 *   <tr><td>{@link #maxResponseBytes}</td><td>16 MiB</td><td>{@link dev.majordomo.llm.LlmException}
 *       ({@code TRANSIENT}: another target may serve)</td></tr>
 *   <tr><td>{@link #maxStreamLineBytes}</td><td>1 MiB</td><td>{@link
 *       dev.majordomo.llm.LlmException} ({@code TRANSIENT}) from the stream</td></tr>
 *   <tr><td>{@link #maxImageBytes}</td><td>20 MB</td><td>{@link
 *       dev.majordomo.media.ImageException} before anything is sent (or the image is downscaled
 *       where the DSN says {@code downscale_images=true})</td></tr>
 *   <tr><td>{@link #maxToolOutputChars}</td><td>100 000</td><td>the tool's result is truncated,
 *       with a marker the model sees; never an exception</td></tr>
 *   <tr><td>{@link #maxToolRounds}</td><td>8</td><td>{@link
 *       dev.majordomo.assistant.ToolRoundsExceededException}</td></tr>
 *   <tr><td>{@link #callDeadline}</td><td>10 min</td><td>{@link dev.majordomo.llm.LlmException}
 *       ({@code TRANSIENT}, "timed out")</td></tr>
 * </table>
 *
 * @param maxResponseBytes the largest non-streaming response body read from a provider, in bytes
 * @param maxStreamLineBytes the longest line of a streaming body (an SSE line or an NDJSON line),
 *     in bytes
 * @param maxImageBytes the largest image sent to any provider, in bytes; a provider's own smaller
 *     limit (Anthropic's 5 MiB) still applies
 * @param maxToolOutputChars the most characters of one tool result handed back to the model
 * @param maxToolRounds the tool rounds an assistant method may run when its {@code @Llm} sets no
 *     {@code maxToolRounds} (0 allows none)
 * @param callDeadline the longest one HTTP call to a model may take, from connecting to the last
 *     byte of its body or stream, when nothing else bounds it (no {@code Options.timeout}, no DSN
 *     {@code timeout}, no call timeout on the HTTP client). Unlike those, it does not lengthen the
 *     client's read timeout, so a server that goes silent still fails over quickly. For one
 *     deadline over a whole chain call (every attempt and wait), use {@code
 *     FailoverPolicy.withDeadline}.
 */
public record Limits(
    long maxResponseBytes,
    long maxStreamLineBytes,
    long maxImageBytes,
    int maxToolOutputChars,
    int maxToolRounds,
    Duration callDeadline) {

  /** The default of {@link #maxResponseBytes}: 16 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;

  /** The default of {@link #maxStreamLineBytes}: 1 MiB. */
  public static final long DEFAULT_MAX_STREAM_LINE_BYTES = 1L << 20;

  /** The default of {@link #maxImageBytes}: 20 MB, OpenAI's per-image limit. */
  public static final long DEFAULT_MAX_IMAGE_BYTES = 20_000_000L;

  /** The default of {@link #maxToolOutputChars}: 100 000 characters (about 25 000 tokens). */
  public static final int DEFAULT_MAX_TOOL_OUTPUT_CHARS = 100_000;

  /** The default of {@link #maxToolRounds}: 8. */
  public static final int DEFAULT_MAX_TOOL_ROUNDS = 8;

  /** The default of {@link #callDeadline}: 10 minutes. */
  public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofMinutes(10);

  /** Every limit at its default. */
  public static final Limits DEFAULTS =
      new Limits(
          DEFAULT_MAX_RESPONSE_BYTES,
          DEFAULT_MAX_STREAM_LINE_BYTES,
          DEFAULT_MAX_IMAGE_BYTES,
          DEFAULT_MAX_TOOL_OUTPUT_CHARS,
          DEFAULT_MAX_TOOL_ROUNDS,
          DEFAULT_CALL_DEADLINE);

  /**
   * @throws IllegalArgumentException when a limit is not positive ({@code maxToolRounds} may be 0)
   */
  public Limits {
    positive("maxResponseBytes", maxResponseBytes);
    positive("maxStreamLineBytes", maxStreamLineBytes);
    positive("maxImageBytes", maxImageBytes);
    positive("maxToolOutputChars", maxToolOutputChars);
    if (maxToolRounds < 0) {
      throw new IllegalArgumentException("maxToolRounds cannot be negative, was " + maxToolRounds);
    }
    Objects.requireNonNull(callDeadline, "callDeadline");
    if (callDeadline.isNegative() || callDeadline.isZero()) {
      throw new IllegalArgumentException("callDeadline must be positive, was " + callDeadline);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  public Limits withMaxResponseBytes(long value) {
    return new Limits(
        value, maxStreamLineBytes, maxImageBytes, maxToolOutputChars, maxToolRounds, callDeadline);
  }

  public Limits withMaxStreamLineBytes(long value) {
    return new Limits(
        maxResponseBytes, value, maxImageBytes, maxToolOutputChars, maxToolRounds, callDeadline);
  }

  public Limits withMaxImageBytes(long value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        value,
        maxToolOutputChars,
        maxToolRounds,
        callDeadline);
  }

  public Limits withMaxToolOutputChars(int value) {
    return new Limits(
        maxResponseBytes, maxStreamLineBytes, maxImageBytes, value, maxToolRounds, callDeadline);
  }

  public Limits withMaxToolRounds(int value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        maxImageBytes,
        maxToolOutputChars,
        value,
        callDeadline);
  }

  public Limits withCallDeadline(Duration value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        maxImageBytes,
        maxToolOutputChars,
        maxToolRounds,
        value);
  }
}
