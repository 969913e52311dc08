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
 */
public record Options(
    Double temperature, Integer maxTokens, List<String> stop, Long seed, Duration timeout) {

  /** No options set. */
  public static final Options DEFAULTS = new Options(null, null, List.of(), null, null);

  public Options {
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  public Options withTemperature(Double value) {
    return new Options(value, maxTokens, stop, seed, timeout);
  }

  public Options withMaxTokens(Integer value) {
    return new Options(temperature, value, stop, seed, timeout);
  }

  public Options withStop(List<String> value) {
    return new Options(temperature, maxTokens, value, seed, timeout);
  }

  public Options withSeed(Long value) {
    return new Options(temperature, maxTokens, stop, value, timeout);
  }

  public Options withTimeout(Duration value) {
    return new Options(temperature, maxTokens, stop, seed, value);
  }

  /** These options with every field that {@code override} sets taking its value. */
  public Options overriddenBy(Options override) {
    if (override == null) {
      return this;
    }
    return new Options(
        override.temperature != null ? override.temperature : temperature,
        override.maxTokens != null ? override.maxTokens : maxTokens,
        !override.stop.isEmpty() ? override.stop : stop,
        override.seed != null ? override.seed : seed,
        override.timeout != null ? override.timeout : timeout);
  }
}
