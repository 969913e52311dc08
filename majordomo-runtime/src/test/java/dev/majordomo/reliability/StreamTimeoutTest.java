package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stream time-outs are the same for every provider: a stream is bounded by the time to its first
 * event and the gap between its frames, not by the call deadline meant for whole replies.
 */
class StreamTimeoutTest {
  private static final Request HELLO = Request.of(Message.user("hello"));

  private static Registry registry(ProviderBodies p, int port, Limits limits) {
    return Registry.builder().env(Map.of("LLM_X", p.dsn(port, "sk-test"))).limits(limits).build();
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aStreamThatKeepsDeliveringOutlivesTheCallDeadline(ProviderBodies p) {
    String text = "x".repeat(2000);
    try (LoopbackServer server =
        new LoopbackServer(
            r ->
                new MockResponse.Builder()
                    .addHeader("Content-Type", p.streamType())
                    .body(p.stream(text))
                    .throttleBody(400, 100, TimeUnit.MILLISECONDS)
                    .build())) {
      // The whole stream takes about 600 ms; the call deadline is for whole replies, not streams.
      Registry registry =
          registry(p, server.port(), Limits.DEFAULTS.withCallDeadline(Duration.ofMillis(300)));

      Response response;
      try (ResponseStream stream = registry.chain("x").stream(HELLO)) {
        response = stream.collect();
      }

      assertThat(response.text()).isEqualTo(text);
      assertThat(registry.health().state(response.answeredBy())).isEqualTo(TargetHealth.HEALTHY);
    }
  }

  /** The part of {@code body} up to the end of the frame that carries {@code marker}. */
  private static String upToFrameOf(ProviderBodies p, String body, String marker) {
    int at = body.indexOf(marker);
    String end = p == ProviderBodies.OLLAMA ? "\n" : "\n\n";
    return body.substring(0, body.indexOf(end, at) + end.length());
  }

  /** Frames that carry no event: a role-only chunk, a message start and a ping, or nothing. */
  private static String framesWithoutEvents(ProviderBodies p) {
    return switch (p) {
      case OPENAI -> "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n";
      case ANTHROPIC ->
          "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
              + "{\"input_tokens\":1,\"output_tokens\":0}}}\n\n"
              + "event: ping\ndata: {\"type\": \"ping\"}\n\n";
      case OLLAMA -> "";
    };
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aStreamThatFallsSilentAfterItsFirstEventFailsAtTheIdleTimeoutAndCounts(ProviderBodies p) {
    String body = p.stream("first words");
    String head = upToFrameOf(p, body, "first words");
    try (LoopbackServer server =
        new LoopbackServer(
            (s, r) ->
                new MockResponse.Builder()
                    .addHeader("Content-Type", p.streamType())
                    .body(s.stallAfter(head, body.substring(head.length())))
                    .build())) {
      Registry registry =
          registry(p, server.port(), Limits.DEFAULTS.withStreamIdleTimeout(Duration.ofMillis(300)));

      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            try (ResponseStream stream = registry.chain("x").stream(HELLO)) {
              assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta("first words"));
              LlmException e = catchThrowableOfType(LlmException.class, stream::hasNext);
              assertThat(e).isNotNull();
              assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
              assertThat(e.getMessage())
                  .contains(
                      "the stream was silent for more than 300 ms (Limits.streamIdleTimeout)");
            }
          });
      Target target = registry.chain("x").targets().get(0);
      assertThat(registry.health().state(target).consecutiveFailures()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aStreamWithoutAFirstEventFailsOverAtTheFirstEventTimeout(ProviderBodies p) {
    String body = p.stream("never");
    String head = framesWithoutEvents(p);
    try (LoopbackServer server =
        new LoopbackServer(
            (s, r) ->
                new MockResponse.Builder()
                    .addHeader("Content-Type", p.streamType())
                    .body(s.stallAfter(head, body))
                    .build())) {
      Registry registry =
          Registry.builder()
              .env(Map.of("LLM_X", p.dsn(server.port(), "sk-test")))
              .limits(Limits.DEFAULTS.withStreamFirstEventTimeout(Duration.ofMillis(300)))
              .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0))
              .build();

      ChainExhaustedException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () ->
                  catchThrowableOfType(
                      ChainExhaustedException.class, () -> registry.chain("x").stream(HELLO)));

      assertThat(e).isNotNull();
      assertThat(e.attempts())
          .singleElement()
          .satisfies(a -> assertThat(a.errorKind()).isEqualTo(ErrorKind.TRANSIENT));
      assertThat(e.getMessage())
          .contains("no event within 300 ms of the request (Limits.streamFirstEventTimeout)");
    }
  }
}
