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
}
