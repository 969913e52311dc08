package dev.majordomo.benchmarks.spring;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.memory.InMemoryConversationStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The five assistants and their registry as an application would wire them without the starter: one
 * {@code @Bean} method each, the models and the alias read from the same properties, the tool taken
 * from the context. It is what the starter replaces, so the start with the starter minus the start
 * with this is what the starter itself adds; the start with neither is what Majordomo adds in all.
 * Unlike the starter it does not resolve the configured chains at start-up (the models open on the
 * first call), so that work counts against the starter.
 */
@Configuration(proxyBeanMethods = false)
class HandWiredAssistants {
  @Bean
  Registry registry(Environment environment) {
    return Registry.builder()
        .model("primary", environment.getRequiredProperty("majordomo.models.primary"))
        .model("local", environment.getRequiredProperty("majordomo.models.local"))
        .alias("fast", environment.getRequiredProperty("majordomo.aliases.fast"))
        .conversationStore(new InMemoryConversationStore())
        .build();
  }

  @Bean
  SupportDesk supportDesk(Registry registry, OrderTools orderTools) {
    return Assistants.builder(SupportDesk.class).registry(registry).tools(orderTools).build();
  }

  @Bean
  Concierge concierge(Registry registry) {
    return Assistants.create(Concierge.class, registry);
  }

  @Bean
  SpamFilter spamFilter(Registry registry) {
    return Assistants.create(SpamFilter.class, registry);
  }

  @Bean
  Summarizer summarizer(Registry registry) {
    return Assistants.create(Summarizer.class, registry);
  }

  @Bean
  Translator translator(Registry registry) {
    return Assistants.create(Translator.class, registry);
  }
}
