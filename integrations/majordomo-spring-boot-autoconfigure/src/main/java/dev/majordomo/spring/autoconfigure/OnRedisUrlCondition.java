package dev.majordomo.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code majordomo.redis.url} holds more than blanks: an empty value, such as {@code
 * ${REDIS_URL:}} with the variable unset, counts as unset. The outcome never quotes the URL, which
 * may hold a password (Boot prints outcomes in its conditions report).
 */
final class OnRedisUrlCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    String url = context.getEnvironment().getProperty("majordomo.redis.url");
    if (url == null) {
      return ConditionOutcome.noMatch("majordomo.redis.url is unset");
    }
    return url.isBlank()
        ? ConditionOutcome.noMatch("majordomo.redis.url is empty")
        : ConditionOutcome.match("majordomo.redis.url is set");
  }
}
