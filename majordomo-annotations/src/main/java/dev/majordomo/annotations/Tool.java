package dev.majordomo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method the model may call: a public method of a class named in {@link Llm#tools()}, or a
 * default method of the assistant interface itself. The processor generates the JSON schema of its
 * parameters and a dispatcher that calls it directly.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tool {

  /**
   * {@return what the tool does, for the model}. When empty (the default) or blank, the method's
   * {@link Description} is used, else its Javadoc's main description (read only when the tool class
   * is compiled in the same build); a tool with none of them compiles with a {@code
   * [TOOL_WITHOUT_DESCRIPTION]} warning and is described to the model by its name alone.
   */
  String value() default "";

  /**
   * {@return the tool's name as the model sees it, {@code [a-zA-Z0-9_-]{1,64}}}; defaults to the
   * method name.
   */
  String name() default "";
}
