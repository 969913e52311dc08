package dev.majordomo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sampling and limit options for the calls of an assistant (on the type) or of one method (on the
 * method; each value the method sets wins over the type's). An element left at its default is
 * unset: the provider's default applies. Values are checked at compile time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Options {

  /** {@return the sampling temperature, {@code >= 0}}; {@code NaN} (the default) is unset. */
  double temperature() default Double.NaN;

  /**
   * {@return nucleus sampling's probability mass, from 0 to 1: the model samples only from the most
   * likely tokens whose probabilities add up to it}; {@code NaN} (the default) is unset.
   */
  double topP() default Double.NaN;

  /** {@return the most output tokens, {@code > 0}; {@code -1} (the default) is unset} */
  int maxTokens() default -1;

  /** {@return the stop sequences}; empty (the default) is unset. */
  String[] stop() default {};

  /** {@return a sampling seed; {@code Long.MIN_VALUE} (the default) is unset} */
  long seed() default Long.MIN_VALUE;

  /**
   * {@return how long one attempt may take}, such as {@code "30s"}, {@code "500ms"}, {@code "2m"}
   * or {@code "1h"}; empty (the default) is unset.
   */
  String timeout() default "";

  /**
   * {@return how much a reasoning ("thinking") model should think: {@code "none"}, {@code
   * "minimal"}, {@code "low"}, {@code "medium"} or {@code "high"}}; empty (the default) is unset.
   * Each provider maps it to its own wire (OpenAI {@code reasoning_effort}, Anthropic {@code
   * thinking.budget_tokens}, Ollama {@code think}); a model that cannot reason ignores it.
   */
  String reasoningEffort() default "";

  /**
   * {@return how many tokens a reasoning model may spend thinking, at least 1024 (Anthropic's
   * minimum); {@code -1} (the default) is unset}. Anthropic takes it as it is; providers that take
   * an effort derive one from it unless {@link #reasoningEffort()} is set too.
   */
  int reasoningBudgetTokens() default -1;

  /**
   * {@return whether to mark the stable start of each request (system prompt, tools) for the
   * provider's prompt cache: {@code "off"}, {@code "5m"} or {@code "1h"} (how long the cache
   * lives)}; empty (the default) is unset. Providers that cache on their own ignore it.
   */
  String promptCache() default "";
}
