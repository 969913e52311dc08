package dev.majordomo.opentelemetry;

import static dev.majordomo.opentelemetry.ExportedTelemetry.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.MemoryId;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.testing.FakeTimeSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated assistants against two providers on loopback servers, with the observer given to the
 * registry: the spans and metrics a real call exports.
 */
@SuppressWarnings("try") // A scope is opened for what it makes current; the body never names it.
class AssistantTracesTest {

  @Llm(chain = "openai/gpt-4o-mini,anthropic/claude-sonnet-4-5")
  interface Concierge {
    @Prompt("Where should I eat in {{city}}?")
    String recommend(String city);

    @Prompt("Where should I eat in {{city}}?")
    CompletableFuture<String> recommendAsync(String city);

    @Prompt("Describe {{city}}.")
    Stream<String> describe(String city);

    @Llm(tools = Clock.class)
    @Prompt("Is it lunch time in {{city}}?")
    String lunch(String city);

    @Prompt("{{question}}")
    String chat(@MemoryId String guest, String question);
  }

  /** A tool that traces its own work, as an application's code would. */
  public static final class Clock {
    static volatile Tracer tracer;

    @Tool("The local time in a city, as HH:mm")
    public String localTime(String city) {
      Span lookup = tracer.spanBuilder("time zone lookup").startSpan();
      lookup.end();
      return "12:30";
    }
  }

  private final MockWebServer openai = new MockWebServer();
  private final MockWebServer anthropic = new MockWebServer();
  private final ExportedTelemetry telemetry = new ExportedTelemetry();
  private Concierge concierge;

  @BeforeEach
  void start() throws Exception {
    openai.start();
    anthropic.start();
    Clock.tracer = telemetry.sdk.getTracer("app");
    Registry registry =
        Registry.builder()
            .env(
                Map.of(
                    "OPENAI_API_KEY",
                    "sk-openai-test",
                    "OPENAI_BASE_URL",
                    openai.url("/v1").toString(),
                    "ANTHROPIC_API_KEY",
                    "sk-ant-test",
                    "ANTHROPIC_BASE_URL",
                    anthropic.url("/").toString()))
            .time(new FakeTimeSource())
            .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(1))
            .observer(MajordomoTelemetry.create(telemetry.sdk))
            .build();
    concierge = Assistants.create(Concierge.class, registry);
  }

  @AfterEach
  void stop() {
    openai.close();
    anthropic.close();
    telemetry.close();
  }

  @Test
  void aCallThatFailsOverIsOneInvokeAgentSpanWithEveryAttemptUnderIt() {
    openai.enqueue(Loopback.unavailable());
    openai.enqueue(Loopback.unavailable());
    anthropic.enqueue(Loopback.anthropicText("Try the bouchon on Rue Mercière."));

    assertThat(concierge.recommend("Lyon")).isEqualTo("Try the bouchon on Rue Mercière.");

    SpanData agent = telemetry.span("invoke_agent Concierge");
    assertThat(agent.getParentSpanContext().isValid()).isFalse();
    assertThat(attribute(agent, GenAiAttributes.PROVIDER_NAME)).isEqualTo("anthropic");
    assertThat(attribute(agent, GenAiAttributes.CODE_FUNCTION_NAME))
        .endsWith("Concierge.recommend");
    List<SpanData> attempts =
        telemetry.spans().stream().filter(s -> s.getName().startsWith("chat ")).toList();
    assertThat(attempts)
        .extracting(
            SpanData::getName,
            s -> attribute(s, GenAiAttributes.ERROR_TYPE),
            s -> s.getStatus().getStatusCode(),
            s -> attribute(s, GenAiAttributes.ATTEMPT))
        .containsExactly(
            tuple("chat gpt-4o-mini", "transient", StatusCode.ERROR, 1L),
            tuple("chat gpt-4o-mini", "transient", StatusCode.ERROR, 2L),
            tuple("chat claude-sonnet-4-5", null, StatusCode.UNSET, 1L));
    assertThat(attempts)
        .allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(agent.getSpanId()));
    SpanData answered = attempts.get(2);
    assertThat(attribute(answered, GenAiAttributes.PROVIDER_NAME)).isEqualTo("anthropic");
    assertThat(attribute(answered, GenAiAttributes.SERVER_ADDRESS))
        .isEqualTo(anthropic.getHostName());
    assertThat(attribute(answered, GenAiAttributes.SERVER_PORT))
        .isEqualTo((long) anthropic.getPort());
    assertThat(attribute(answered, GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(20L);
    assertThat(attribute(answered, GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(8L);
    assertThat(attribute(answered, GenAiAttributes.RESPONSE_FINISH_REASONS))
        .containsExactly("stop");
    assertThat(agent.getEvents()).extracting(e -> e.getName()).contains("majordomo.chain.retrying");

    assertThat(telemetry.counter(GenAiMetrics.ATTEMPTS))
        .extracting(
            p -> p.getAttributes().get(GenAiAttributes.PROVIDER_NAME),
            p -> p.getAttributes().get(GenAiAttributes.OUTCOME),
            LongPointData::getValue)
        .containsExactlyInAnyOrder(
            tuple("openai", "failed", 2L), tuple("anthropic", "succeeded", 1L));
  }

  @Test
  void aStreamsAttemptEndsWithTheStreamAndRecordsTheTimeToFirstChunk() {
    openai.enqueue(Loopback.openAiStream("Lisbon ", "is ", "bright."));

    try (Stream<String> text = concierge.describe("Lisbon")) {
      Iterator<String> pieces = text.iterator();
      assertThat(pieces.next()).isEqualTo("Lisbon ");
      assertThat(telemetry.spans()).as("nothing has ended while the stream is read").isEmpty();
      StringBuilder rest = new StringBuilder();
      pieces.forEachRemaining(rest::append);
      assertThat(rest).hasToString("is bright.");
    }

    SpanData agent = telemetry.span("invoke_agent Concierge");
    SpanData chat = telemetry.span("chat gpt-4o-mini");
    assertThat(chat.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(attribute(chat, GenAiAttributes.REQUEST_STREAM)).isTrue();
    assertThat(attribute(chat, GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isNotNull();
    assertThat(attribute(chat, GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(4L);
    assertThat(attribute(chat, GenAiAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-2");
    assertThat(attribute(chat, GenAiAttributes.RESPONSE_MODEL)).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(telemetry.histogram(GenAiMetrics.TIME_TO_FIRST_CHUNK))
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(1));
  }

  @Test
  void toolsRunUnderTheCallAndTheApplicationsSpansInsideThemNestUnderTheTool() {
    openai.enqueue(Loopback.openAiToolCall("call_abc123", "localTime", "{\"city\":\"Lyon\"}"));
    openai.enqueue(Loopback.openAiText("Yes: it is 12:30 in Lyon."));

    assertThat(concierge.lunch("Lyon")).isEqualTo("Yes: it is 12:30 in Lyon.");

    SpanData agent = telemetry.span("invoke_agent Concierge");
    SpanData tool = telemetry.span("execute_tool localTime");
    assertThat(tool.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(attribute(tool, GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_abc123");
    assertThat(telemetry.span("time zone lookup").getParentSpanId()).isEqualTo(tool.getSpanId());
    assertThat(telemetry.spans().stream().filter(s -> s.getName().equals("chat gpt-4o-mini")))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(agent.getSpanId()));
    assertThat(attribute(agent, GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(60L);
  }

  @Test
  void anAsynchronousCallNestsUnderTheSpanCurrentWhenItWasMade() {
    openai.enqueue(Loopback.openAiText("The market hall."));
    Span request = telemetry.sdk.getTracer("app").spanBuilder("GET /dinner").startSpan();
    CompletableFuture<String> answer;
    try (io.opentelemetry.context.Scope inRequest = request.makeCurrent()) {
      answer = concierge.recommendAsync("Lyon");
    }
    assertThat(answer.join()).isEqualTo("The market hall.");
    request.end();

    SpanData agent = telemetry.span("invoke_agent Concierge");
    assertThat(agent.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(telemetry.span("chat gpt-4o-mini").getParentSpanId()).isEqualTo(agent.getSpanId());
  }

  @Test
  void aConversationsIdIsOnTheCallAndItsAttempts() {
    openai.enqueue(Loopback.openAiText("Welcome back."));

    concierge.chat("guest-7", "Hello again");

    assertThat(telemetry.spans())
        .extracting(SpanData::getName, s -> attribute(s, GenAiAttributes.CONVERSATION_ID))
        .containsExactlyInAnyOrder(
            tuple("chat gpt-4o-mini", "guest-7"), tuple("invoke_agent Concierge", "guest-7"));
  }
}
