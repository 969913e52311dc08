package dev.majordomo.benchmarks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The applications the benchmarks compare differ by Majordomo's beans and nothing else. */
class StartupApplicationTest {
  private static final List<Class<?>> ASSISTANTS =
      List.of(
          Translator.class, Summarizer.class, SpamFilter.class, Concierge.class, SupportDesk.class);

  @Test
  void everyAutoConfigurationOfTheStarterIsExcludedWithoutMajordomo() {
    assertThat(StartupApplication.MAJORDOMO_AUTO_CONFIGURATIONS.split(","))
        .contains(
            "dev.majordomo.spring.autoconfigure.MajordomoAutoConfiguration",
            "dev.majordomo.spring.autoconfigure.MajordomoHealthContributorAutoConfiguration")
        .allMatch(name -> name.startsWith("dev.majordomo.spring."));
  }

  @Test
  void withMajordomoTheFiveAssistantsAndTheRegistryAreBeans() {
    try (ConfigurableApplicationContext context = StartupApplication.start(true)) {
      for (Class<?> assistant : ASSISTANTS) {
        assertThat(context.getBeanNamesForType(assistant)).as(assistant.getName()).hasSize(1);
      }
      assertThat(context.getBean(Registry.class).chain("fast").targets()).hasSize(2);
    }
  }

  @Test
  void withoutMajordomoNoneIsAndTheRestIsTheSame() {
    try (ConfigurableApplicationContext with = StartupApplication.start(true);
        ConfigurableApplicationContext without = StartupApplication.start(false)) {
      for (Class<?> assistant : ASSISTANTS) {
        assertThat(without.getBeanNamesForType(assistant)).as(assistant.getName()).isEmpty();
      }
      assertThat(without.getBeanNamesForType(Registry.class)).isEmpty();
      assertThat(without.getBeanDefinitionNames())
          .noneMatch(
              name -> name.startsWith("majordomo") || name.startsWith("dev.majordomo.spring"));
      List<String> majordomoBeans =
          List.of(with.getBeanDefinitionNames()).stream()
              .filter(name -> !List.of(without.getBeanDefinitionNames()).contains(name))
              .toList();
      assertThat(majordomoBeans)
          .isNotEmpty()
          .allMatch(
              name ->
                  name.startsWith("majordomo")
                      || name.startsWith("dev.majordomo")
                      || ASSISTANTS.stream()
                          .anyMatch(a -> name.equalsIgnoreCase(a.getSimpleName())),
              "a bean of Majordomo's");
    }
  }

  @Test
  void byHandTheSameAssistantsAndChainAreBeansWithoutTheStarter() {
    try (ConfigurableApplicationContext byHand =
            StartupApplication.start(StartupApplication.Wiring.BY_HAND);
        ConfigurableApplicationContext without =
            StartupApplication.start(StartupApplication.Wiring.NONE)) {
      for (Class<?> assistant : ASSISTANTS) {
        assertThat(byHand.getBeanNamesForType(assistant)).as(assistant.getName()).hasSize(1);
      }
      assertThat(byHand.getBean(Registry.class).chain("fast").targets()).hasSize(2);
      assertThat(byHand.getBean(SupportDesk.class)).isNotNull();
      // None of the starter's beans, and nothing else beside what the configuration declares.
      assertThat(byHand.getBeanDefinitionNames())
          .noneMatch(
              name -> name.startsWith("majordomo") || name.startsWith("dev.majordomo.spring"));
      List<String> added =
          List.of(byHand.getBeanDefinitionNames()).stream()
              .filter(name -> !List.of(without.getBeanDefinitionNames()).contains(name))
              .toList();
      assertThat(added)
          .containsExactlyInAnyOrder(
              "handWiredAssistants",
              "registry",
              "supportDesk",
              "concierge",
              "spamFilter",
              "summarizer",
              "translator");
    }
  }
}
