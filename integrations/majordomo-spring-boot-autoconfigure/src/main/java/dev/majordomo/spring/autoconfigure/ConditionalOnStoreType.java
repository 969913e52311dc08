package dev.majordomo.spring.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code majordomo.memory.store} binds to {@link #value()} (as Spring binds an enum:
 * {@code in-memory}, {@code IN_MEMORY} and {@code inMemory} are one), {@code in-memory} when unset.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnStoreTypeCondition.class)
@interface ConditionalOnStoreType {
  MajordomoProperties.StoreType value();
}
