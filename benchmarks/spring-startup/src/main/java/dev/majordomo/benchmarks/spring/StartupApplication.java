package dev.majordomo.benchmarks.spring;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application the start-up benchmark starts: Spring Boot's auto-configuration, one bean of its
 * own (the support desk's tool) and, through the starter, a registry from properties and its five
 * assistants as beans; or the same five written by hand without the starter; or none of it, without
 * Majordomo's auto-configuration. The class path is the same in all three. No web server, no
 * logging below WARN, no banner: what is left to compare is what the starter adds.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupApplication {
  /**
   * Majordomo's auto-configurations, read from the index Spring Boot reads, so that one added to
   * the starter is excluded too.
   */
  static final String MAJORDOMO_AUTO_CONFIGURATIONS =
      ImportCandidates.load(AutoConfiguration.class, StartupApplication.class.getClassLoader())
          .getCandidates()
          .stream()
          .filter(name -> name.startsWith("dev.majordomo."))
          .collect(Collectors.joining(","));

  @Bean
  OrderTools orderTools() {
    return new OrderTools();
  }

  /** How the application gets its assistants. */
  public enum Wiring {
    /** The starter: Majordomo's auto-configuration builds the registry and the assistant beans. */
    STARTER,
    /**
     * Majordomo's auto-configuration excluded, the registry and the assistants written as
     * {@code @Bean} methods ({@link HandWiredAssistants}): what the starter replaces.
     */
    BY_HAND,
    /** Majordomo's auto-configuration excluded and no assistant at all. */
    NONE
  }

  /** Starts the application, with Majordomo's auto-configuration or with no assistant at all. */
  public static ConfigurableApplicationContext start(boolean withMajordomo) {
    return start(withMajordomo ? Wiring.STARTER : Wiring.NONE);
  }

  /** Starts the application with its assistants wired as {@code wiring} says. */
  public static ConfigurableApplicationContext start(Wiring wiring) {
    SpringApplication application =
        wiring == Wiring.BY_HAND
            ? new SpringApplication(StartupApplication.class, HandWiredAssistants.class)
            : new SpringApplication(StartupApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    // Two models (nothing is called: a model is only resolved at start-up) and an alias.
    Map<String, Object> properties =
        new HashMap<>(
            Map.of(
                "logging.level.root", "WARN",
                "majordomo.models.primary", "openai://bench-token@127.0.0.1:9/gpt-bench?tls=false",
                "majordomo.models.local", "ollama://127.0.0.1:9/qwen-bench",
                "majordomo.aliases.fast", "primary,local"));
    if (wiring != Wiring.STARTER) {
      properties.put("spring.autoconfigure.exclude", MAJORDOMO_AUTO_CONFIGURATIONS);
    }
    application.setDefaultProperties(properties);
    return application.run();
  }
}
