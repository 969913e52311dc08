package dev.majordomo.spring.autoconfigure;

import dev.majordomo.Registry;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.InMemoryConversationStore;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Majordomo in a Spring Boot application: a {@link Registry} built from the {@code majordomo.*}
 * properties and the application's Majordomo beans, a conversation store, and every generated
 * assistant listed in the index as a bean. Each bean backs off when the application defines its
 * own; see {@code docs/spring-boot.md}.
 */
@AutoConfiguration
@ConditionalOnClass(Registry.class)
@EnableConfigurationProperties(MajordomoProperties.class)
@Import({
  MajordomoAutoConfiguration.InMemoryStoreConfiguration.class,
  JdbcConversationStoreConfiguration.class,
  MissingJdbcStoreConfiguration.class,
  MissingRedisStoreConfiguration.class,
  AssistantBeanRegistrar.class
})
public final class MajordomoAutoConfiguration {

  /** Created by Spring. */
  public MajordomoAutoConfiguration() {}

  /**
   * The registry: providers found on the class path and every {@code Provider} bean, models and
   * aliases from the properties (then {@code LLM_*} variables for other names), the application's
   * listeners, store, clock, policies and limits when it has such beans, then every {@link
   * MajordomoRegistryCustomizer}. Every configured alias and model is resolved before the start-up
   * ends (beside it, on a thread of its own), so a mistake stops the start-up with the property at
   * fault.
   *
   * @param properties the {@code majordomo.*} properties
   * @param beans where the application's Majordomo beans are looked up
   * @param environment where {@code LLM_*} and the other variables the registry reads come from
   * @param majordomoChainCheck resolves the configured chains as the context starts
   * @return the registry
   */
  @Bean
  @ConditionalOnMissingBean
  Registry majordomoRegistry(
      MajordomoProperties properties,
      BeanFactory beans,
      Environment environment,
      @Qualifier("majordomoChainCheck") ConfiguredChainCheck majordomoChainCheck) {
    return RegistryAssembly.build(
        properties,
        beans,
        new RegistryAssembly.Mode(
            true, List.of(), null, RegistryAssembly.variables(environment, true), false),
        majordomoChainCheck);
  }

  /**
   * {@return the check that the registry's configured chains resolve, awaited at start-up's end}
   */
  @Bean
  @Lazy(false)
  ConfiguredChainCheck majordomoChainCheck() {
    return new ConfiguredChainCheck();
  }

  /** Conversations in memory: the default store. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnStoreType(MajordomoProperties.StoreType.IN_MEMORY)
  static class InMemoryStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(ConversationStore.class)
    InMemoryConversationStore majordomoConversationStore() {
      return new InMemoryConversationStore();
    }
  }
}
