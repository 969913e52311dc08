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
 *       dev.majordomo.ToolRoundsExceededException}</td></tr>
 *   <tr><td>{@link #callDeadline}</td><td>10 min</td><td>{@link dev.majordomo.llm.LlmException}
 *       ({@code TRANSIENT}, "timed out")</td></tr>
 *   <tr><td>{@link #streamFirstEventTimeout}</td><td>10 min</td><td>{@link
 *       dev.majordomo.llm.LlmException} ({@code TRANSIENT}, "timed out": the chain fails over)</td>
 *       </tr>
 *   <tr><td>{@link #streamIdleTimeout}</td><td>2 min</td><td>{@link
 *       dev.majordomo.llm.LlmException} ({@code TRANSIENT}, "timed out") from the stream, counted
 *       against the target</td></tr>
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
 *     byte of its body, when nothing else bounds it (no {@code Options.timeout}, no DSN {@code
 *     timeout}, no call timeout on the HTTP client). Unlike those, it does not lengthen the
 *     client's read timeout, so a server that goes silent still fails over quickly. It does not
 *     apply to streams, which {@code streamFirstEventTimeout} and {@code streamIdleTimeout} bound
 *     instead: a long generation that keeps delivering is never cut. It does bound how long a
 *     consumer may hold one event of a stream without asking for the next (the longer of it and
 *     {@code streamIdleTimeout}), so that a stream dropped without {@code close()} lets go of its
 *     connection; such a cut is the consumer's, never counted against the target. For one deadline
 *     over a whole chain call (every attempt and wait), use {@code FailoverPolicy.withDeadline}.
 * @param streamFirstEventTimeout the longest a stream may take from sending the request to its
 *     first event (a text delta, a tool call, …; frames that carry none, such as keep-alive pings,
 *     do not count). Until then the chain can still fail over, so running out of it is the target's
 *     transient failure. A reasoning model may think for minutes before it writes.
 * @param streamIdleTimeout the longest silence between two frames of a stream (SSE events, keep
 *     alive pings included, or NDJSON lines) once its first event arrived: a connection that went
 *     silent is the target's failure, counted against it.
 */
public record Limits(
    long maxResponseBytes,
    long maxStreamLineBytes,
    long maxImageBytes,
    int maxToolOutputChars,
    int maxToolRounds,
    Duration callDeadline,
    Duration streamFirstEventTimeout,
    Duration streamIdleTimeout) {

  /** The default of {@link #maxResponseBytes}: 16 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;

  /** The default of {@link #maxStreamLineBytes}: 1 MiB. */
  public static final long DEFAULT_MAX_STREAM_LINE_BYTES = 1L << 20;

  /** The default of {@link #maxImageBytes}: 20 MB, OpenAI's per-image limit. */
  private static final long DEFAULT_MAX_IMAGE_BYTES = 20_000_000L;

  /** The default of {@link #maxToolOutputChars}: 100 000 characters (about 25 000 tokens). */
  private static final int DEFAULT_MAX_TOOL_OUTPUT_CHARS = 100_000;

  /** The default of {@link #maxToolRounds}: 8. */
  public static final int DEFAULT_MAX_TOOL_ROUNDS = 8;

  /** The default of {@link #callDeadline}: 10 minutes. */
  private static final Duration DEFAULT_CALL_DEADLINE = Duration.ofMinutes(10);

  /** The default of {@link #streamFirstEventTimeout}: 10 minutes, as long as a whole call. */
  private static final Duration DEFAULT_STREAM_FIRST_EVENT_TIMEOUT = Duration.ofMinutes(10);

  /** The default of {@link #streamIdleTimeout}: 2 minutes. */
  private static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(2);

  /** Every limit at its default. */
  public static final Limits DEFAULTS =
      new Limits(
          DEFAULT_MAX_RESPONSE_BYTES,
          DEFAULT_MAX_STREAM_LINE_BYTES,
          DEFAULT_MAX_IMAGE_BYTES,
          DEFAULT_MAX_TOOL_OUTPUT_CHARS,
          DEFAULT_MAX_TOOL_ROUNDS,
          DEFAULT_CALL_DEADLINE,
          DEFAULT_STREAM_FIRST_EVENT_TIMEOUT,
          DEFAULT_STREAM_IDLE_TIMEOUT);

  /**
   * Checks every limit.
   *
   * @param maxResponseBytes the largest non-streaming response body, in bytes
   * @param maxStreamLineBytes the longest line of a streaming body, in bytes
   * @param maxImageBytes the largest image sent to any provider, in bytes
   * @param maxToolOutputChars the most characters of one tool result handed back to the model
   * @param maxToolRounds the tool rounds a method may run when its {@code @Llm} sets none
   * @param callDeadline the longest one HTTP call to a model may take
   * @param streamFirstEventTimeout the longest a stream may take to its first event
   * @param streamIdleTimeout the longest silence between two frames of a stream
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
    positive("callDeadline", callDeadline);
    positive("streamFirstEventTimeout", streamFirstEventTimeout);
    positive("streamIdleTimeout", streamIdleTimeout);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the largest non-streaming response body, in bytes
   * @throws IllegalArgumentException if the value is not positive
   */
  public Limits withMaxResponseBytes(long value) {
    return new Limits(
        value,
        maxStreamLineBytes,
        maxImageBytes,
        maxToolOutputChars,
        maxToolRounds,
        callDeadline,
        streamFirstEventTimeout,
        streamIdleTimeout);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the longest line of a streaming body, in bytes
   * @throws IllegalArgumentException if the value is not positive
   */
  public Limits withMaxStreamLineBytes(long value) {
    return new Limits(
        maxResponseBytes,
        value,
        maxImageBytes,
        maxToolOutputChars,
        maxToolRounds,
        callDeadline,
        streamFirstEventTimeout,
        streamIdleTimeout);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the largest image sent to any provider, in bytes
   * @throws IllegalArgumentException if the value is not positive
   */
  public Limits withMaxImageBytes(long value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        value,
        maxToolOutputChars,
        maxToolRounds,
        callDeadline,
        streamFirstEventTimeout,
        streamIdleTimeout);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the most characters of one tool result
   * @throws IllegalArgumentException if the value is not positive
   */
  public Limits withMaxToolOutputChars(int value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        maxImageBytes,
        value,
        maxToolRounds,
        callDeadline,
        streamFirstEventTimeout,
        streamIdleTimeout);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the tool rounds a method may run by default; 0 allows none
   * @throws IllegalArgumentException if the value is not positive (negative, for this one)
   */
  public Limits withMaxToolRounds(int value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        maxImageBytes,
        maxToolOutputChars,
        value,
        callDeadline,
        streamFirstEventTimeout,
        streamIdleTimeout);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the longest one HTTP call to a model may take
   * @throws IllegalArgumentException if the value is not positive
   */
  public Limits withCallDeadline(Duration value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        maxImageBytes,
        maxToolOutputChars,
        maxToolRounds,
        value,
        streamFirstEventTimeout,
        streamIdleTimeout);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the longest a stream may take to its first event
   * @throws IllegalArgumentException if the value is not positive
   */
  public Limits withStreamFirstEventTimeout(Duration value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        maxImageBytes,
        maxToolOutputChars,
        maxToolRounds,
        callDeadline,
        value,
        streamIdleTimeout);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the longest silence between two frames of a stream
   * @throws IllegalArgumentException if the value is not positive
   */
  public Limits withStreamIdleTimeout(Duration value) {
    return new Limits(
        maxResponseBytes,
        maxStreamLineBytes,
        maxImageBytes,
        maxToolOutputChars,
        maxToolRounds,
        callDeadline,
        streamFirstEventTimeout,
        value);
  }
}
