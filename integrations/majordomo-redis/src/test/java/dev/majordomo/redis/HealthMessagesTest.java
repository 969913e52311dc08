package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Target;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Messages from other instances are applied, and one's own benches; unreadable ones are not. */
class HealthMessagesTest {
  private final RecordingUpdates updates = new RecordingUpdates();
  private final Target target = new Target("openai", null, -1, "gpt-4o");
  private final String t = HealthKeys.encode(target);

  @Test
  void appliesBenchesRateLimitsAndRecoveriesFromOthers() {
    assertThat(HealthMessages.apply("B other " + t + " 2:1767225660000", "me", updates)).isTrue();
    assertThat(HealthMessages.apply("L other " + t + " 1767225620000", "me", updates)).isTrue();
    Target second = Target.of("anthropic", "claude");
    String both = "R other " + t + " " + HealthKeys.encode(second);
    assertThat(HealthMessages.apply(both, "me", updates)).isTrue();

    assertThat(updates.all())
        .extracting(u -> u.kind() + " " + u.target() + " " + u.round() + " " + u.until())
        .containsExactly(
            "benched openai/gpt-4o 2 " + Instant.ofEpochMilli(1767225660000L),
            "rateLimited openai/gpt-4o 0 " + Instant.ofEpochMilli(1767225620000L),
            "recovered openai/gpt-4o 0 null",
            "recovered anthropic/claude 0 null");
  }

  @Test
  void skipsItsOwnRateLimitsAndRecoveriesButNotItsOwnBenches() {
    assertThat(HealthMessages.apply("L me " + t + " 1767225620000", "me", updates)).isTrue();
    assertThat(HealthMessages.apply("R me " + t, "me", updates)).isTrue();
    assertThat(updates.all()).isEmpty();

    // The bench its failure decided reaches it in the channel's order, like everyone's.
    assertThat(HealthMessages.apply("B me " + t + " 1:1767225630000", "me", updates)).isTrue();
    assertThat(updates.all())
        .singleElement()
        .satisfies(u -> assertThat(u.isBench(target)).isTrue());
  }

  @Test
  void refusesWhatItCannotRead() {
    for (String bad :
        new String[] {
          "",
          "B",
          "X other " + t,
          "B other " + t,
          "B other " + t + " 0:1",
          "B other " + t + " x:1",
          "B other " + t + " 1:soon",
          "L other " + t + " soon",
          "R other not-a-target",
          "BB other " + t + " 1:1"
        }) {
      assertThat(HealthMessages.apply(bad, "me", updates)).as(bad).isFalse();
    }
    assertThat(updates.all()).isEmpty();
  }
}
