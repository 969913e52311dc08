package dev.majordomo.llm;

import java.time.Duration;

/**
 * Whether a provider that caches prompts on request (Anthropic's {@code cache_control}) should mark
 * the stable start of a request (system prompt, tool definitions) for caching, and for how long.
 * Providers that cache on their own (OpenAI) ignore it. See {@code docs/reasoning-and-caching.md}.
 */
public enum PromptCache {
  /** No cache breakpoints. */
  OFF("off", Duration.ZERO),
  /** Cached for 5 minutes after the last use (Anthropic's default TTL). */
  FIVE_MINUTES("5m", Duration.ofMinutes(5)),
  /** Cached for 1 hour after the last use (Anthropic's longer, dearer TTL). */
  ONE_HOUR("1h", Duration.ofHours(1));

  private final String text;
  private final Duration ttl;

  PromptCache(String text, Duration ttl) {
    this.text = text;
    this.ttl = ttl;
  }

  /**
   * {@return how it is written in {@code @Options} and a DSN: {@code off}, {@code 5m} or {@code
   * 1h}}
   */
  public String text() {
    return text;
  }

  /** {@return how long a cached prefix lives; zero for {@link #OFF}} */
  public Duration ttl() {
    return ttl;
  }

  /**
   * {@return the setting written {@code text}, case aside}
   *
   * @param text {@code off}, {@code 5m} or {@code 1h}
   * @throws IllegalArgumentException naming the accepted values when {@code text} is none of them
   */
  public static PromptCache parse(String text) {
    for (PromptCache cache : values()) {
      if (cache.text.equalsIgnoreCase(text)) {
        return cache;
      }
    }
    throw new IllegalArgumentException(
        "unknown prompt cache setting \"" + text + "\": expected off, 5m or 1h");
  }
}
