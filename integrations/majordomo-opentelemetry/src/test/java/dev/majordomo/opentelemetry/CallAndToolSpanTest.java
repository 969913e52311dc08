package dev.majordomo.opentelemetry;

import static dev.majordomo.opentelemetry.AttemptSpanTest.single;
import static dev.majordomo.opentelemetry.AttemptSpanTest.start;
import static dev.majordomo.opentelemetry.ExportedTelemetry.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.ToolObservation;
import dev.majordomo.observation.ToolStart;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code invoke_agent} span of a call, its events, tools, and the context across threads. */
@SuppressWarnings("try") // A scope is opened for what it makes current; the body never names it.
class CallAndToolSpanTest {
  /** An assistant interface, as the runtime names it. */
  interface Concierge {}

  private static final Target OPENAI = new Target("openai", "127.0.0.1", 8080, "gpt-4o-mini");
  private static final Target ANTHROPIC = Target.of("anthropic", "claude-sonnet-4-5");

  private final ExportedTelemetry telemetry = new ExportedTelemetry();
  private final Observer observer = MajordomoTelemetry.create(telemetry.sdk);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void aCallIsAnInvokeAgentSpanWithItsAttemptsUnderIt() {
    CallObservation call =
        observer.callStarted(
            new CallStart(Concierge.class, "recommend", "fast,thinking", "user-42", false));
    assertThat(
            telemetry.sampledAttributes("invoke_agent Concierge").get(GenAiAttributes.AGENT_NAME))
        .isEqualTo("Concierge");
    try (Observation.Scope inCall = call.enter()) {
      AttemptObservation first = observer.attemptStarted(start(OPENAI, false));
      first.failed(ErrorKind.TRANSIENT, LlmException.http(503, null, "busy"), Duration.ZERO);
      AttemptObservation second = observer.attemptStarted(start(ANTHROPIC, false));
      second.succeeded(Response.ofText("Lyon"), Duration.ZERO);
    }
    call.succeeded(new Usage(50, 8, 0, 0), ANTHROPIC);

    SpanData agent = telemetry.span("invoke_agent Concierge");
    assertThat(agent.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(agent.getParentSpanContext().isValid()).as("a root span").isFalse();
    assertThat(attribute(agent, GenAiAttributes.OPERATION_NAME)).isEqualTo("invoke_agent");
    assertThat(attribute(agent, GenAiAttributes.CODE_FUNCTION_NAME))
        .isEqualTo("dev.majordomo.opentelemetry.CallAndToolSpanTest.Concierge.recommend");
    assertThat(attribute(agent, GenAiAttributes.CHAIN)).isEqualTo("fast,thinking");
    assertThat(attribute(agent, GenAiAttributes.CONVERSATION_ID)).isEqualTo("user-42");
    assertThat(attribute(agent, GenAiAttributes.PROVIDER_NAME)).isEqualTo("anthropic");
    assertThat(attribute(agent, GenAiAttributes.ANSWERED_BY))
        .isEqualTo("anthropic/claude-sonnet-4-5");
    assertThat(attribute(agent, GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(50L);
    assertThat(attribute(agent, GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(8L);
    assertThat(agent.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    SpanData openai = telemetry.span("chat gpt-4o-mini");
    SpanData anthropic = telemetry.span("chat claude-sonnet-4-5");
    for (SpanData attempt : List.of(openai, anthropic)) {
      assertThat(attempt.getParentSpanId()).isEqualTo(agent.getSpanId());
      assertThat(attempt.getTraceId()).isEqualTo(agent.getTraceId());
      assertThat(attribute(attempt, GenAiAttributes.CONVERSATION_ID)).isEqualTo("user-42");
    }
  }

  @Test
  void conversationIdsCanBeLeftOut() {
    Observer withoutIds =
        MajordomoTelemetry.builder(telemetry.sdk).recordConversationIds(false).build();
    CallObservation call =
        withoutIds.callStarted(
            new CallStart(Concierge.class, "chat", "fast", "alice@example.com", false));
    try (Observation.Scope inCall = call.enter()) {
      withoutIds
          .attemptStarted(start(OPENAI, false))
          .succeeded(Response.ofText("Hi"), Duration.ZERO);
    }
    call.succeeded(Usage.NONE, OPENAI);

    assertThat(telemetry.spans())
        .allSatisfy(s -> assertThat(attribute(s, GenAiAttributes.CONVERSATION_ID)).isNull());
    assertThat(telemetry.spans().toString()).doesNotContain("alice@example.com");
  }

  @Test
  void theChainsStoryIsOnTheCallSpanEvenWhileAnAttemptIsCurrent() {
    CallObservation call =
        observer.callStarted(new CallStart(Concierge.class, "recommend", "fast", null, false));
    Instant until = Instant.parse("2026-12-05T12:00:00Z");
    try (Observation.Scope inCall = call.enter()) {
      AttemptObservation attempt = observer.attemptStarted(start(OPENAI, false));
      try (Observation.Scope inAttempt = attempt.enter()) {
        observer.chainEvent(new ChainEvent.Benched(OPENAI, until));
      }
      attempt.failed(ErrorKind.TRANSIENT, LlmException.http(503, null, "busy"), Duration.ZERO);
      observer.chainEvent(new ChainEvent.Retrying(OPENAI, 2, Duration.ofMillis(500)));
      observer.chainEvent(new ChainEvent.Skipped(ANTHROPIC, "benched until 12:00"));
      observer.chainEvent(
          new ChainEvent.Exhausted(
              List.of(
                  Attempt.failed(
                      OPENAI,
                      new IllegalStateException("busy"),
                      ErrorKind.TRANSIENT,
                      Duration.ZERO))));
    }
    call.failed(new ChainExhaustedException(List.of()));

    SpanData agent = telemetry.span("invoke_agent Concierge");
    List<EventData> events = agent.getEvents();
    assertThat(events)
        .extracting(EventData::getName)
        .containsExactly(
            "majordomo.chain.benched",
            "majordomo.chain.retrying",
            "majordomo.chain.skipped",
            "majordomo.chain.exhausted");
    assertThat(events.get(0).getAttributes().get(GenAiAttributes.BENCHED_UNTIL))
        .isEqualTo("2026-12-05T12:00:00Z");
    assertThat(events.get(0).getAttributes().get(GenAiAttributes.TARGET))
        .isEqualTo("openai://127.0.0.1:8080/gpt-4o-mini");
    assertThat(events.get(1).getAttributes().get(GenAiAttributes.ATTEMPT)).isEqualTo(2L);
    assertThat(events.get(1).getAttributes().get(GenAiAttributes.RETRY_DELAY)).isEqualTo(0.5);
    assertThat(events.get(2).getAttributes().get(GenAiAttributes.SKIP_REASON))
        .isEqualTo("benched until 12:00");
    assertThat(events.get(3).getAttributes().get(GenAiAttributes.ATTEMPTS)).isEqualTo(1L);
    assertThat(telemetry.span("chat gpt-4o-mini").getEvents()).isEmpty();

    assertThat(agent.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attribute(agent, GenAiAttributes.ERROR_TYPE)).isEqualTo("exhausted");
    assertThat(attribute(agent, GenAiAttributes.PROVIDER_NAME)).isNull();

    assertThat(
            single(telemetry.counter(GenAiMetrics.BENCHES))
                .getAttributes()
                .get(GenAiAttributes.TARGET))
        .isEqualTo("openai://127.0.0.1:8080/gpt-4o-mini");
  }

  @Test
  void eventsOutsideAnyCallGoOnTheCurrentSpan() {
    Span mine = telemetry.sdk.getTracer("test").spanBuilder("mine").startSpan();
    try (io.opentelemetry.context.Scope inMine = mine.makeCurrent()) {
      observer.chainEvent(new ChainEvent.Retrying(OPENAI, 2, Duration.ofSeconds(1)));
      observer.chainEvent(new ChainEvent.Succeeded(OPENAI, Duration.ZERO));
    }
    mine.end();

    assertThat(telemetry.span("mine").getEvents())
        .extracting(EventData::getName)
        .containsExactly("majordomo.chain.retrying");
  }

  @Test
  void aCancelledCallAndAFailedOneHaveLowCardinalityErrorTypes() {
    CallObservation cancelled =
        observer.callStarted(new CallStart(Concierge.class, "a", "fast", null, true));
    cancelled.failed(new CancellationException("closed by its reader"));
    CallObservation broken =
        observer.callStarted(new CallStart(Concierge.class, "b", "fast", null, false));
    broken.failed(LlmException.builder(ErrorKind.AUTH, "bad key").build());

    assertThat(telemetry.spans())
        .extracting(s -> attribute(s, GenAiAttributes.ERROR_TYPE))
        .containsExactly("cancelled", "auth");
  }

  @Test
  void aToolIsAnExecuteToolSpanAndTheApplicationsSpansInsideItNestUnderIt() {
    CallObservation call =
        observer.callStarted(new CallStart(Concierge.class, "lunch", "fast", null, false));
    try (Observation.Scope inCall = call.enter()) {
      ToolObservation tool =
          observer.toolStarted(new ToolStart("localTime", "call_1", "{\"city\":\"Lyon\"}"));
      try (Observation.Scope inTool = tool.enter()) {
        telemetry.sdk.getTracer("app").spanBuilder("clock lookup").startSpan().end();
      }
      tool.finished(new Part.ToolResult("call_1", "localTime", "12:30", false));
    }
    call.succeeded(Usage.NONE, null);

    SpanData agent = telemetry.span("invoke_agent Concierge");
    SpanData tool = telemetry.span("execute_tool localTime");
    assertThat(tool.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(tool.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(attribute(tool, GenAiAttributes.OPERATION_NAME)).isEqualTo("execute_tool");
    assertThat(attribute(tool, GenAiAttributes.TOOL_NAME)).isEqualTo("localTime");
    assertThat(attribute(tool, GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_1");
    assertThat(attribute(tool, GenAiAttributes.TOOL_TYPE)).isEqualTo("function");
    assertThat(attribute(tool, GenAiAttributes.TOOL_CALL_ARGUMENTS))
        .as("content is opt-in")
        .isNull();
    assertThat(attribute(tool, GenAiAttributes.TOOL_CALL_RESULT)).isNull();
    assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(telemetry.span("clock lookup").getParentSpanId()).isEqualTo(tool.getSpanId());
  }

  @Test
  void aToolWhoseResultIsAnErrorFailsWithoutTellingWhyUnlessContentIsCaptured() {
    ToolObservation tool = observer.toolStarted(new ToolStart("localTime", "call_1", "{}"));
    tool.finished(new Part.ToolResult("call_1", "localTime", "no city named Xyz", true));

    SpanData span = telemetry.span("execute_tool localTime");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEmpty();
    assertThat(attribute(span, GenAiAttributes.ERROR_TYPE)).isEqualTo("tool_error");
  }

  @Test
  void aToolThatEndsWithoutAResultHasTheErrorsType() {
    ToolObservation tool = observer.toolStarted(new ToolStart("localTime", "call_1", "{}"));
    tool.failed(new CancellationException("call cancelled"));

    SpanData span = telemetry.span("execute_tool localTime");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("call cancelled");
    assertThat(attribute(span, GenAiAttributes.ERROR_TYPE)).isEqualTo("cancelled");
  }

  @Test
  void aCapturedContextIsRestoredOnAnotherThreadAndASpanEndsThere() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CallObservation call =
          observer.callStarted(new CallStart(Concierge.class, "later", "fast", null, false));
      ContextSnapshot snapshot;
      try (Observation.Scope inCall = call.enter()) {
        snapshot = observer.captureContext();
      }
      assertThat(Span.current().getSpanContext().isValid()).as("nothing current here").isFalse();
      CompletableFuture.runAsync(
              () -> {
                try (Observation.Scope restored = snapshot.restore()) {
                  observer
                      .attemptStarted(start(OPENAI, false))
                      .succeeded(Response.ofText("Hi"), Duration.ZERO);
                }
                assertThat(Span.current().getSpanContext().isValid()).isFalse();
                call.succeeded(Usage.NONE, OPENAI);
              },
              pool)
          .get();
    } finally {
      pool.shutdown();
    }

    SpanData agent = telemetry.span("invoke_agent Concierge");
    assertThat(telemetry.span("chat gpt-4o-mini").getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(agent.hasEnded()).isTrue();
  }

  @Test
  void theObserverNamesItsSettingsAndNothingElse() {
    assertThat(MajordomoTelemetry.builder(telemetry.sdk).captureMessageContent(true).build())
        .hasToString("MajordomoTelemetry[captureMessageContent=true, recordConversationIds=true]");
  }
}
