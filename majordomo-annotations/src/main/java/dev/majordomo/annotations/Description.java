package dev.majordomo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a tool parameter, a record component, a type or an enum constant for the model; it
 * becomes the {@code description} of the JSON schema. Without it, the Javadoc is used when the
 * processor can see it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE,
  ElementType.FIELD,
  ElementType.METHOD
})
public @interface Description {

  /** {@return the description text} */
  String value();
}
