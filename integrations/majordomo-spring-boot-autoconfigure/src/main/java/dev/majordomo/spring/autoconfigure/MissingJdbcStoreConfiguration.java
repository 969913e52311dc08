package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import dev.majordomo.memory.ConversationStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stops the start-up when the JDBC store is asked for but majordomo-jdbc or Spring Boot's JDBC
 * support is missing, rather than keeping conversations in memory without a word. Imported after
 * {@link JdbcConversationStoreConfiguration}, whose store makes this one back off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStoreType(MajordomoProperties.StoreType.JDBC)
class MissingJdbcStoreConfiguration {
  @Bean
  @ConditionalOnMissingBean(ConversationStore.class)
  ConversationStore majordomoConversationStore() {
    throw new ConfigException(
        "majordomo.memory.store",
        "jdbc needs dev.majordomo:majordomo-jdbc and org.springframework.boot:spring-boot-jdbc on"
            + " the class path (spring-boot-starter-jdbc brings the latter)");
  }
}
