package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An exception crosses process boundaries (RMI, a job framework, a distributed cache) by Java
 * serialization; it must get there whole, not fail with {@code NotSerializableException} and not
 * arrive without the target that failed.
 */
class LlmExceptionSerializationTest {

  @Test
  void roundTripKeepsEveryField() throws Exception {
    Target target = new Target("openai", "api.example.com", 8443, "gpt-x");
    LlmException original =
        LlmException.builder(ErrorKind.TRANSIENT, "slow down")
            .status(429)
            .providerCode("rate_limit_exceeded")
            .retryAfter(Duration.ofSeconds(7))
            .bodyExcerpt("{\"error\":\"rate\"}")
            .target(target)
            .cause(new IllegalStateException("inner"))
            .build();

    LlmException copy = roundTrip(original);

    assertThat(copy.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(copy.status()).hasValue(429);
    assertThat(copy.providerCode()).contains("rate_limit_exceeded");
    assertThat(copy.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(copy.bodyExcerpt()).contains("{\"error\":\"rate\"}");
    assertThat(copy.target()).contains(target);
    assertThat(copy.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("inner");
    assertThat(copy.getMessage()).isEqualTo(original.getMessage());
  }

  @Test
  void roundTripWithoutOptionalFields() throws Exception {
    LlmException original = LlmException.builder(ErrorKind.PERMANENT, "bad request").build();

    LlmException copy = roundTrip(original);

    assertThat(copy.status()).isEmpty();
    assertThat(copy.target()).isEmpty();
    assertThat(copy.retryAfter()).isEmpty();
    assertThat(copy.getMessage()).isEqualTo("bad request [PERMANENT]");
  }

  @Test
  void aTargetOnTheDefaultHostRoundTrips() throws Exception {
    Target defaultHost = Target.of("ollama", null);

    assertThat(roundTrip(defaultHost)).isEqualTo(defaultHost).hasToString("ollama/(default)");
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
