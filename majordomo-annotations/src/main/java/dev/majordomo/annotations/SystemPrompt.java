package dev.majordomo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The system prompt of an assistant (on the type) or of one method (on the method, replacing the
 * type's). It is a template: {@code {{name}}} inserts a parameter of the method and {@code
 * {{name.component}}} a record component or getter of one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SystemPrompt {

  /** {@return the template text} */
  String value();
}
