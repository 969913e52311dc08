package dev.majordomo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as an assistant (on the type) and configures its methods (on the type or a
 * method; a method's value wins over the type's).
 *
 * <pre>{@code
 * @Llm(chain = "fast,thinking")
 * interface TravelAgent {
 *   @Prompt("Plan a day in {{city}}.")
 *   String plan(String city);
 * }
 * }</pre>
 *
 * <p>The processor generates {@code Majordomo_TravelAgent} in the same package; obtain an instance
 * with {@code Assistants.create(TravelAgent.class)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Llm {

  /**
   * The chain of models to try in order, such as {@code "fast,openai/gpt-4o-mini"}: names (aliases,
   * registered models, or {@code LLM_<NAME>} environment variables) and {@code scheme/model-id}
   * references, separated by commas. Empty means "inherit": a method without a chain uses the
   * type's; a method with neither is a compile error. The syntax is checked at compile time.
   */
  String chain() default "";

  /**
   * Classes whose {@link Tool} methods the model may call. On the type they apply to every method;
   * on a method they are added to the type's.
   */
  Class<?>[] tools() default {};

  /**
   * The names of the tool sources (tools found at run time, such as an MCP server's) whose tools
   * the model may call besides the {@link Tool} methods. On the type they apply to every method; on
   * a method they are added to the type's. Each name matches {@code [a-zA-Z0-9_-]{1,32}}, checked
   * at compile time; the sources themselves are given to the registry or to the assistant's builder
   * under these names, checked when the assistant is built.
   */
  String[] toolSources() default {};

  /**
   * The most rounds of tool calls one call may take before it fails; {@code -1} inherits (the
   * type's value, else the registry's {@code Limits.maxToolRounds}, 8 unless configured).
   */
  int maxToolRounds() default -1;

  /**
   * The most messages of a conversation's history that a call with a {@link MemoryId} parameter
   * sends, in whole turns; {@code -1} inherits (the type's value, else the assistant's or the
   * registry's {@code MemoryPolicy}, 40 unless configured).
   */
  int maxHistoryMessages() default -1;

  /**
   * The most tokens of a conversation's history that a call with a {@link MemoryId} parameter
   * sends, in whole turns; {@code -1} inherits (the type's value, else the assistant's or the
   * registry's {@code MemoryPolicy}, no limit unless configured).
   */
  int maxHistoryTokens() default -1;
}
