package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import dev.majordomo.memory.ConversationStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stops the start-up when the Redis store is asked for but majordomo-redis or {@code
 * majordomo.redis.url} is missing, rather than keeping conversations in memory without a word.
 * Imported after the Redis auto-configuration has run, whose store makes this one back off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStoreType(MajordomoProperties.StoreType.REDIS)
class MissingRedisStoreConfiguration {
  @Bean
  @ConditionalOnMissingBean(ConversationStore.class)
  ConversationStore majordomoConversationStore() {
    throw new ConfigException(
        "majordomo.memory.store",
        "redis needs dev.majordomo:majordomo-redis on the class path and majordomo.redis.url set");
  }
}
