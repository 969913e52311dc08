package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Target;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Any target makes one printable key part and decodes back to itself. */
class HealthKeysTest {
  @Test
  void encodesEachPartAndMarksMissingOnes() {
    assertThat(HealthKeys.encode(new Target("openai", "api.openai.com", 443, "gpt-4o")))
        .isEqualTo("openai:api.openai.com:443:gpt-4o");
    assertThat(HealthKeys.encode(Target.of("anthropic", null))).isEqualTo("anthropic:!:-1:!");
    assertThat(HealthKeys.encode(new Target("ollama", "", 11434, "!")))
        .isEqualTo("ollama::11434:%21");
    assertThat(HealthKeys.encode(Target.of("x", "a:b/c {d}*")))
        .isEqualTo("x:!:-1:a%3Ab%2Fc%20%7Bd%7D%2A");
  }

  @Test
  void decodesWhatItEncodesForAnyText() {
    Random random = new Random(20261205);
    for (int i = 0; i < 2_000; i++) {
      Target target =
          new Target(
              text(random),
              random.nextBoolean() ? null : text(random),
              random.nextInt(70_000) - 1,
              random.nextBoolean() ? null : text(random));
      String encoded = HealthKeys.encode(target);
      assertThat(encoded).matches("[A-Za-z0-9._%!:-]*");
      assertThat(encoded.split(":", -1)).hasSize(4);
      assertThat(HealthKeys.decode(encoded)).isEqualTo(target);
    }
  }

  private static final String ODD = "!%:{}*?[] \n/\\@";

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(4);
      s.appendCodePoint(
          switch (kind) {
            case 0 -> 'a' + random.nextInt(26);
            case 1 -> ODD.charAt(random.nextInt(ODD.length()));
            case 2 -> 0x4e00 + random.nextInt(500);
            default -> 0x1f600 + random.nextInt(50);
          });
    }
    return s.toString();
  }

  @Test
  void refusesWhatItDidNotWrite() {
    for (String bad : List.of("a:b:c", "!:h:1:m", "a:h:port:m", "a:h:1:m%4", "a:h:1:m%zz")) {
      assertThatThrownBy(() -> HealthKeys.decode(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.contains("%") ? "escape" : "target");
    }
  }

  @Test
  void namesKeysUnderThePrefix() {
    HealthKeys keys = new HealthKeys("app:");
    assertThat(keys.bench("t")).isEqualTo("app:health:t:bench");
    assertThat(keys.failures("t")).isEqualTo("app:health:t:failures");
    assertThat(keys.round("t")).isEqualTo("app:health:t:round");
    assertThat(keys.rate("t")).isEqualTo("app:health:t:rate");
    assertThat(keys.live()).isEqualTo("app:health:live");
    assertThat(keys.channel()).isEqualTo("app:health:events");
  }
}
