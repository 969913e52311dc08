package dev.majordomo.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.ConfigException;
import dev.majordomo.internal.config.EnvEntry.ModelEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A canary token goes through every error path; it must never come out. */
class TokenSafetyTest {
  static final String CANARY = "s3cr3tCANARYt0ken";
  static final String ENCODED_CANARY = "s3cr3t%43ANARYt0k%65n";

  static Stream<String> malformedWithToken() {
    return Stream.of(
            "x://{T}@h:99999",
            "x://{T}@h:0",
            "x://{T}@h:",
            "x://{T}@h:8o",
            "x://{T}@h:1:2",
            "x://{T}@h?foo=1",
            "x://{T}@h/m?foo=1",
            "x://{T}@h?tls=yes",
            "x://{T}@h?timeout=soon",
            "x://{T}@h?timeout=0s",
            "x://{T}@h?tls=true&tls=false",
            "x://{T}@h?base_path=v1",
            "x://{T}@h?",
            "x://{T}@h?tls=true&",
            "x://{T}@h?tls",
            "x://{T}@h?=1",
            "x://{T}@h?k%20=1",
            "x://{T}@h?timeout=%zz",
            "x://{T}@",
            "x://{T}@/m",
            "x://{T}@:80",
            "x://{T}@[::1",
            "x://{T}@[zz]",
            "x://{T}@[::1]x",
            "x://{T}@h!x",
            "x://{T}@h/a%zz",
            "x://{T}%zz@h",
            "x://{T}%ff@h",
            "x://{T}%@h",
            "x://{T} @h",
            "x:// {T}@h",
            "x://{T}@h\n",
            "x://{T}@h/m\u0000",
            "://{T}@h",
            "1x://{T}@h",
            "fo_o://{T}@h",
            "foreman:/{T}@h",
            "foreman:{T}@h",
            "foreman:/{T}@h/m?x=1",
            // a token with an unencoded "/", "?" or "#" would be split into host and model id
            "x://{T}/{T}@h",
            "x://{T}/{T}@h/m",
            "x://{T}?{T}@h/m",
            "x://{T}#{T}@h/m",
            "x://{T}/{T}@h:99999",
            "x://{T}/{T}@h?tls=true")
        .flatMap(t -> Stream.of(t.replace("{T}", CANARY), t.replace("{T}", ENCODED_CANARY)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedWithToken")
  void noErrorMessageContainsTheToken(String value) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> Dsn.parse("LLM_M1", value, DsnTest.KEYS));

    assertThat(e)
        .as("expected a ConfigException for %s", value.replace(CANARY, "<canary>"))
        .isNotNull();
    assertNoCanary(everything(e));
    assertThat(e.getMessage()).startsWith("LLM_M1: ");
  }

  @Test
  void anEagerScanThatFindsManyErrorsLeaksNoToken() {
    Map<String, String> env = new TreeMap<>();
    List<String> values = malformedWithToken().toList();
    for (int i = 0; i < values.size(); i++) {
      env.put("LLM_BAD" + i, values.get(i));
    }
    env.put("LLM_GOOD", "x://" + CANARY + "@h");
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new EnvLoader(env, DsnTest.KEYS).scanAll());

    assertThat(e.problems()).hasSize(values.size());
    assertNoCanary(everything(e));
  }

  @Test
  void aTokenSplitByAnUnencodedDelimiterShowsNeitherHalf() {
    for (char delimiter : new char[] {'/', '?', '#'}) {
      String value = "openai://s3cr3t" + delimiter + "CANARYt0ken@api.openai.com/gpt-4o";
      ConfigException e =
          catchThrowableOfType(
              ConfigException.class, () -> Dsn.parse("LLM_M1", value, DsnTest.KEYS));

      assertThat(e).as("refused: %s", delimiter).isNotNull();
      assertNoCanary(everything(e));
      assertThat(e.getMessage()).doesNotContain("api.openai.com").doesNotContain("gpt-4o");
    }
  }

  @Test
  void parsedEntriesDoNotShowTheToken() {
    EnvEntry entry =
        Dsn.parse("LLM_M1", "foreman://" + CANARY + "@host:8443/m?tls=true&timeout=5s", Set::of);
    ModelEntry model = (ModelEntry) entry;

    assertThat(model.spec().token().reveal()).isEqualTo(CANARY);
    assertNoCanary(entry.toString() + model.spec() + model.spec().token());
    assertThat(model.spec().toString())
        .isEqualTo("foreman://***@host:8443/m?timeout=PT5S&tls=true");
  }

  private static String everything(Throwable t) {
    StringBuilder s = new StringBuilder();
    List<Throwable> todo = new ArrayList<>(List.of(t));
    while (!todo.isEmpty()) {
      Throwable next = todo.remove(0);
      s.append(next).append('\n').append(next.getMessage()).append('\n');
      if (next.getCause() != null) {
        todo.add(next.getCause());
      }
      todo.addAll(List.of(next.getSuppressed()));
    }
    return s.toString();
  }

  private static void assertNoCanary(String text) {
    assertThat(text.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("s3cr3t")
        .doesNotContain("canary")
        .doesNotContain("t0ken");
  }
}
