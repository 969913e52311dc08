package dev.majordomo.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition of {@link ConditionalOnStoreType}. */
final class OnStoreTypeCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Object wanted =
        metadata.getAnnotationAttributes(ConditionalOnStoreType.class.getName()).get("value");
    MajordomoProperties.StoreType actual =
        Binder.get(context.getEnvironment())
            .bind("majordomo.memory.store", MajordomoProperties.StoreType.class)
            .orElse(MajordomoProperties.StoreType.IN_MEMORY);
    return actual == wanted
        ? ConditionOutcome.match("majordomo.memory.store is " + actual)
        : ConditionOutcome.noMatch("majordomo.memory.store is " + actual + ", not " + wanted);
  }
}
