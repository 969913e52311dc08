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
 */
public record GenerationOptions(
    Double temperature,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    Duration timeout,
    Double topP) {

  /** No options set. */
  public static final GenerationOptions DEFAULTS =
      new GenerationOptions(null, null, List.of(), null, null, null);

  /**
   * Checks the options; a null {@code stop} becomes empty.
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
    return new GenerationOptions(value, maxTokens, stop, seed, timeout, topP);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the most output tokens, or {@code null} for the default
   */
  public GenerationOptions withMaxTokens(Integer value) {
    return new GenerationOptions(temperature, value, stop, seed, timeout, topP);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the stop sequences, or {@code null} for none
   */
  public GenerationOptions withStop(List<String> value) {
    return new GenerationOptions(temperature, maxTokens, value, seed, timeout, topP);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value the sampling seed, or {@code null} for none
   */
  public GenerationOptions withSeed(Long value) {
    return new GenerationOptions(temperature, maxTokens, stop, value, timeout, topP);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value how long a single attempt may take, or {@code null} for the default
   */
  public GenerationOptions withTimeout(Duration value) {
    return new GenerationOptions(temperature, maxTokens, stop, seed, value, topP);
  }

  /**
   * {@return a copy with another value}
   *
   * @param value nucleus sampling's probability mass, from 0 to 1, or {@code null} for the default
   * @throws IllegalArgumentException if {@code value} is not within [0, 1]
   */
  public GenerationOptions withTopP(Double value) {
    return new GenerationOptions(temperature, maxTokens, stop, seed, timeout, value);
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
        override.topP != null ? override.topP : topP);
  }
}
