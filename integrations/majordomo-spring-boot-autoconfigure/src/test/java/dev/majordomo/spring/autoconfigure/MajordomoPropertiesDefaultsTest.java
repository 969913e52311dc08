package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.testing.FakeProvider;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The properties' defaults are the runtime's, and the generated metadata describes each one. */
class MajordomoPropertiesDefaultsTest {

  @Test
  void withNoPropertySetTheRegistryHasTheRuntimesDefaults() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
        .withBean(FakeProvider.class, FakeProvider::new)
        .run(
            context -> {
              Registry registry = context.getBean(Registry.class);
              assertThat(registry.failoverPolicy()).isEqualTo(FailoverPolicy.DEFAULT);
              assertThat(registry.health().policy()).isEqualTo(HealthPolicy.DEFAULT);
              assertThat(registry.limits()).isEqualTo(Limits.DEFAULTS);
              assertThat(registry.memoryPolicy()).isEqualTo(MemoryPolicy.DEFAULT);
            });
  }

  @Test
  void everyPropertyInTheGeneratedMetadataHasADescription() throws Exception {
    JsonNode metadata;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      metadata = new ObjectMapper().readTree(in);
    }
    List<String> undescribed = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode property : metadata.get("properties")) {
      String name = property.get("name").asText();
      names.add(name);
      if (!property.hasNonNull("description") || property.get("description").asText().isBlank()) {
        undescribed.add(name);
      }
    }
    assertThat(names)
        .contains(
            "majordomo.models",
            "majordomo.aliases",
            "majordomo.failover.deadline",
            "majordomo.health.failure-threshold",
            "majordomo.memory.store",
            "majordomo.assistants.exclude",
            "majordomo.opentelemetry.enabled",
            "majordomo.mcp.servers");
    assertThat(undescribed).isEmpty();
  }
}
