package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptTest {
  private final Target target = Target.of("fake", "a");

  @Test
  void aFailureNamesItsTargetOnce() {
    LlmException error =
        LlmException.builder(ErrorKind.TRANSIENT, "overloaded").status(529).target(target).build();

    assertThat(Attempt.failed(target, error, ErrorKind.TRANSIENT, Duration.ZERO))
        .hasToString("fake/a: failed (TRANSIENT): overloaded [TRANSIENT, HTTP 529]");
  }

  @Test
  void aFailureWithoutATargetKeepsItsWholeMessage() {
    RuntimeException error = new IllegalStateException("boom");

    assertThat(Attempt.failed(target, error, ErrorKind.PERMANENT, Duration.ZERO))
        .hasToString("fake/a: failed (PERMANENT): boom");
  }

  @Test
  void skipsSayWhy() {
    Instant until = Instant.parse("2026-01-01T00:00:30Z");

    assertThat(Attempt.skippedBenched(target, until))
        .hasToString("fake/a: skipped: benched until 2026-01-01T00:00:30Z");
    assertThat(Attempt.skipped(target, "no image support"))
        .hasToString("fake/a: skipped: no image support");
  }
}
