package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The records that write out {@code equals} and {@code hashCode} (to spare a cold start the {@code
 * ObjectMethods} bootstrap) compare every component, as the generated ones do. Components are found
 * by reflection, so a component added later and forgotten in {@code equals} fails here.
 */
class RecordEqualityTest {

  static Stream<Record> records() {
    return Stream.of(
        new Target("openai", "llm.example", 8080, "gpt-4o"),
        Target.of("openai", null),
        new ModelSpec(
            "openai",
            Secret.of("sk-one"),
            "llm.example",
            8080,
            "gpt-4o",
            Boolean.TRUE,
            Duration.ofSeconds(30),
            "/v1",
            Map.of("k", "v")),
        ModelSpec.of("ollama", null),
        HealthPolicy.DEFAULT,
        FailoverPolicy.DEFAULT,
        FailoverPolicy.DEFAULT.withDeadline(Duration.ofSeconds(5)));
  }

  @ParameterizedTest
  @MethodSource("records")
  void aCopyIsEqualWithTheSameHash(Record record) throws Exception {
    Record copy = copy(record, -1, null);

    assertThat(copy).isNotSameAs(record).isEqualTo(record);
    assertThat(copy.hashCode()).isEqualTo(record.hashCode());
    assertThat(record).isNotEqualTo(null).isNotEqualTo("not a record");
  }

  @ParameterizedTest
  @MethodSource("records")
  void everyComponentCounts(Record record) throws Exception {
    RecordComponent[] components = record.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      Object value = components[i].getAccessor().invoke(record);
      Record changed = copy(record, i, other(components[i].getType(), value));

      assertThat(changed).as(components[i].getName()).isNotEqualTo(record);
      assertThat(record).as(components[i].getName()).isNotEqualTo(changed);
    }
  }

  private static Record copy(Record record, int index, Object replacement) throws Exception {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = i == index ? replacement : components[i].getAccessor().invoke(record);
    }
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
    return (Record) canonical.newInstance(args);
  }

  /** A valid value of {@code type} different from {@code value}. */
  private static Object other(Class<?> type, Object value) {
    if (type == int.class) {
      return (Integer) value + 1;
    }
    if (type == boolean.class) {
      return !(Boolean) value;
    }
    if (type == Boolean.class) {
      return value == null ? Boolean.TRUE : null;
    }
    if (type == String.class) {
      return value == null ? "other" : value + "x";
    }
    if (type == Secret.class) {
      return value == null ? Secret.of("sk-other") : null;
    }
    if (type == Duration.class) {
      // longer by 1 ms: still valid where a later duration must not be shorter than this one
      return value == null ? Duration.ofSeconds(1) : ((Duration) value).plusMillis(1);
    }
    if (type == Map.class) {
      return Map.of("other", "value");
    }
    if (type == HealthPolicy.class) {
      return value == null ? HealthPolicy.DEFAULT : null;
    }
    if (type == ErrorClassifier.class) {
      ErrorClassifier other = error -> ErrorKind.PERMANENT;
      return other;
    }
    throw new AssertionError("no other value for " + type);
  }
}
