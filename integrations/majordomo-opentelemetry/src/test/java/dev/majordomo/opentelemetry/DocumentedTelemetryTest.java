package dev.majordomo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry section of docs/observability.md names every attribute, event and metric this
 * module writes, and nothing it does not: walks the constants and the page's {@code `names`}.
 */
class DocumentedTelemetryTest {
  /** The names the page may quote that are namespaces of what is written. */
  private static final Pattern NAME =
      Pattern.compile("`((?:gen_ai|majordomo|server|error|code)\\.[a-z_.]+[a-z_])`");

  @Test
  void everyNameWrittenIsDocumentedAndEveryNameDocumentedIsWritten() throws Exception {
    Set<String> written = new TreeSet<>();
    written.addAll(constants(GenAiAttributes.class));
    written.addAll(constants(GenAiMetrics.class));
    // Not an attribute: the value of one (the chain's story's events are named like the metrics).
    assertThat(written).contains("gen_ai.client.token.usage", "majordomo.chain.retrying");

    Set<String> documented = new TreeSet<>();
    Matcher m = NAME.matcher(openTelemetrySection());
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).as("documented but never written").isSubsetOf(written);
    assertThat(written).as("written but not documented").isSubsetOf(documented);
  }

  /** Attribute key names and dotted string constants (event and metric names) of {@code type}. */
  private static Set<String> constants(Class<?> type) throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      field.setAccessible(true);
      Object value = field.get(null);
      if (value instanceof AttributeKey<?> key) {
        names.add(key.getKey());
      } else if (value instanceof String name && NAME.matcher("`" + name + "`").matches()) {
        names.add(name);
      }
    }
    return names;
  }

  private static String openTelemetrySection() throws IOException {
    Path page = Path.of("").toAbsolutePath().resolve("../../docs/observability.md").normalize();
    String text = Files.readString(page, StandardCharsets.UTF_8);
    int start = text.indexOf("\n## OpenTelemetry\n");
    assertThat(start).as("the OpenTelemetry section of " + page).isPositive();
    int end = text.indexOf("\n## ", start + 1);
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }
}
