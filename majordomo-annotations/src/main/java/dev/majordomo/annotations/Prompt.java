package dev.majordomo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The user message of a method, as a template: {@code {{name}}} inserts the parameter {@code name}
 * and {@code {{name.component}}} a record component or getter of it. Variables are checked at
 * compile time against the method's parameter names.
 *
 * <p>Without {@code @Prompt}, the method's single {@code String} parameter is the message.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Prompt {

  /** {@return the template text} */
  String value();
}
