package dev.majordomo.opentelemetry;

import static dev.majordomo.opentelemetry.GenAiAttributes.AGENT_NAME;
import static dev.majordomo.opentelemetry.GenAiAttributes.ATTEMPT;
import static dev.majordomo.opentelemetry.GenAiAttributes.ATTEMPTS;
import static dev.majordomo.opentelemetry.GenAiAttributes.BENCHED_UNTIL;
import static dev.majordomo.opentelemetry.GenAiAttributes.CHAIN;
import static dev.majordomo.opentelemetry.GenAiAttributes.CHAT;
import static dev.majordomo.opentelemetry.GenAiAttributes.CODE_FUNCTION_NAME;
import static dev.majordomo.opentelemetry.GenAiAttributes.CONVERSATION_ID;
import static dev.majordomo.opentelemetry.GenAiAttributes.EVENT_BENCHED;
import static dev.majordomo.opentelemetry.GenAiAttributes.EVENT_EXHAUSTED;
import static dev.majordomo.opentelemetry.GenAiAttributes.EVENT_RETRYING;
import static dev.majordomo.opentelemetry.GenAiAttributes.EVENT_SKIPPED;
import static dev.majordomo.opentelemetry.GenAiAttributes.EXECUTE_TOOL;
import static dev.majordomo.opentelemetry.GenAiAttributes.INPUT_MESSAGES;
import static dev.majordomo.opentelemetry.GenAiAttributes.INVOKE_AGENT;
import static dev.majordomo.opentelemetry.GenAiAttributes.OPERATION_NAME;
import static dev.majordomo.opentelemetry.GenAiAttributes.OUTPUT_TYPE;
import static dev.majordomo.opentelemetry.GenAiAttributes.PROVIDER_NAME;
import static dev.majordomo.opentelemetry.GenAiAttributes.REQUEST_MAX_TOKENS;
import static dev.majordomo.opentelemetry.GenAiAttributes.REQUEST_MODEL;
import static dev.majordomo.opentelemetry.GenAiAttributes.REQUEST_SEED;
import static dev.majordomo.opentelemetry.GenAiAttributes.REQUEST_STOP_SEQUENCES;
import static dev.majordomo.opentelemetry.GenAiAttributes.REQUEST_STREAM;
import static dev.majordomo.opentelemetry.GenAiAttributes.REQUEST_TEMPERATURE;
import static dev.majordomo.opentelemetry.GenAiAttributes.REQUEST_TOP_P;
import static dev.majordomo.opentelemetry.GenAiAttributes.RETRY_DELAY;
import static dev.majordomo.opentelemetry.GenAiAttributes.SCHEMA_URL;
import static dev.majordomo.opentelemetry.GenAiAttributes.SERVER_ADDRESS;
import static dev.majordomo.opentelemetry.GenAiAttributes.SERVER_PORT;
import static dev.majordomo.opentelemetry.GenAiAttributes.SKIP_REASON;
import static dev.majordomo.opentelemetry.GenAiAttributes.TARGET;
import static dev.majordomo.opentelemetry.GenAiAttributes.TOOL_CALL_ARGUMENTS;
import static dev.majordomo.opentelemetry.GenAiAttributes.TOOL_CALL_ID;
import static dev.majordomo.opentelemetry.GenAiAttributes.TOOL_NAME;
import static dev.majordomo.opentelemetry.GenAiAttributes.TOOL_TYPE;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Target;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.ToolObservation;
import dev.majordomo.observation.ToolStart;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.context.Context;

/**
 * The observer {@link MajordomoTelemetry} builds: spans and metrics from what the runtime shows.
 */
final class TelemetryObserver implements Observer {
  /** The instrumentation scope: the library instrumented, which instruments itself. */
  static final String SCOPE = "dev.majordomo";

  private final Tracer tracer;
  private final GenAiMetrics metrics;
  private final boolean captureMessageContent;
  private final boolean recordConversationIds;

  TelemetryObserver(
      OpenTelemetry openTelemetry, boolean captureMessageContent, boolean recordConversationIds) {
    String version = TelemetryObserver.class.getPackage().getImplementationVersion();
    TracerBuilder tracerBuilder = openTelemetry.tracerBuilder(SCOPE).setSchemaUrl(SCHEMA_URL);
    MeterBuilder meterBuilder = openTelemetry.meterBuilder(SCOPE).setSchemaUrl(SCHEMA_URL);
    if (version != null) {
      tracerBuilder.setInstrumentationVersion(version);
      meterBuilder.setInstrumentationVersion(version);
    }
    this.tracer = tracerBuilder.build();
    this.metrics = new GenAiMetrics(meterBuilder.build());
    this.captureMessageContent = captureMessageContent;
    this.recordConversationIds = recordConversationIds;
  }

  @Override
  public CallObservation callStarted(CallStart call) {
    Context parent = Context.current();
    String agent = call.assistant().getSimpleName();
    SpanBuilder builder =
        tracer
            .spanBuilder(INVOKE_AGENT + " " + agent)
            .setParent(parent)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(OPERATION_NAME, INVOKE_AGENT)
            .setAttribute(AGENT_NAME, agent)
            .setAttribute(CODE_FUNCTION_NAME, typeName(call.assistant()) + "." + call.method())
            .setAttribute(CHAIN, call.chain());
    String conversationId = recordConversationIds ? call.conversationId() : null;
    if (conversationId != null) {
      builder.setAttribute(CONVERSATION_ID, conversationId);
    }
    Span span = builder.startSpan();
    return new CallSpan(span, conversationId, captureMessageContent, parent);
  }

  @Override
  public AttemptObservation attemptStarted(AttemptStart attempt) {
    Context parent = Context.current();
    Target target = attempt.target();
    Request request = attempt.request();
    String provider = ProviderNames.of(target);

    // What sampling and the metrics need, set when the span starts.
    AttributesBuilder operation =
        Attributes.builder().put(OPERATION_NAME, CHAT).put(PROVIDER_NAME, provider);
    if (target.modelId() != null) {
      operation.put(REQUEST_MODEL, target.modelId());
    }
    if (attempt.serverAddress() != null) {
      operation.put(SERVER_ADDRESS, attempt.serverAddress());
      if (attempt.serverPort() >= 0) {
        operation.put(SERVER_PORT, (long) attempt.serverPort());
      }
    }
    Attributes operationAttributes = operation.build();

    SpanBuilder builder =
        tracer
            .spanBuilder(target.modelId() == null ? CHAT : CHAT + " " + target.modelId())
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(operationAttributes)
            .setAttribute(TARGET, target.toString())
            .setAttribute(ATTEMPT, (long) attempt.attempt());
    if (attempt.stream()) {
      builder.setAttribute(REQUEST_STREAM, true);
    }
    requestOptions(builder, request.options());
    if (request.schema().isPresent()) {
      builder.setAttribute(OUTPUT_TYPE, "json");
    }
    CallSpan call = CallSpan.of(parent);
    if (call != null && call.conversationId() != null) {
      builder.setAttribute(CONVERSATION_ID, call.conversationId());
    }
    if (captureMessageContent) {
      builder.setAttribute(INPUT_MESSAGES, MessageContent.inputMessages(request.messages()));
    }
    Span span = builder.startSpan();
    return new AttemptSpan(
        span,
        parent.with(span),
        metrics,
        operationAttributes,
        target,
        attempt.stream(),
        captureMessageContent);
  }

  private static void requestOptions(SpanBuilder builder, GenerationOptions options) {
    if (options.temperature() != null) {
      builder.setAttribute(REQUEST_TEMPERATURE, options.temperature());
    }
    if (options.maxTokens() != null) {
      builder.setAttribute(REQUEST_MAX_TOKENS, (long) options.maxTokens());
    }
    if (options.topP() != null) {
      builder.setAttribute(REQUEST_TOP_P, options.topP());
    }
    if (options.seed() != null) {
      builder.setAttribute(REQUEST_SEED, options.seed());
    }
    if (!options.stop().isEmpty()) {
      builder.setAttribute(REQUEST_STOP_SEQUENCES, options.stop());
    }
  }

  @Override
  public ToolObservation toolStarted(ToolStart tool) {
    Context parent = Context.current();
    SpanBuilder builder =
        tracer
            .spanBuilder(EXECUTE_TOOL + " " + tool.name())
            .setParent(parent)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(OPERATION_NAME, EXECUTE_TOOL)
            .setAttribute(TOOL_NAME, tool.name())
            .setAttribute(TOOL_CALL_ID, tool.callId())
            .setAttribute(TOOL_TYPE, "function");
    if (captureMessageContent) {
      builder.setAttribute(TOOL_CALL_ARGUMENTS, MessageContent.toolArguments(tool.arguments()));
    }
    Span span = builder.startSpan();
    return new ToolSpan(span, parent.with(span), captureMessageContent);
  }

  @Override
  public void chainEvent(ChainEvent event) {
    if (event instanceof ChainEvent.Benched benched) {
      metrics.benched(
          Attributes.of(
              TARGET,
              benched.target().toString(),
              PROVIDER_NAME,
              ProviderNames.of(benched.target())));
    }
    // The story belongs to the call, even when an attempt's span is the current one.
    CallSpan call = CallSpan.of(Context.current());
    Span span = call != null ? call.span() : Span.current();
    if (!span.isRecording()) {
      return;
    }
    if (event instanceof ChainEvent.Retrying retrying) {
      span.addEvent(
          EVENT_RETRYING,
          Attributes.of(
              TARGET, retrying.target().toString(),
              ATTEMPT, (long) retrying.attempt(),
              RETRY_DELAY, GenAiMetrics.seconds(retrying.delay())));
    } else if (event instanceof ChainEvent.Skipped skipped) {
      span.addEvent(
          EVENT_SKIPPED,
          Attributes.of(
              TARGET,
              skipped.target().toString(),
              SKIP_REASON,
              Urls.withoutSecrets(skipped.reason())));
    } else if (event instanceof ChainEvent.Benched benched) {
      span.addEvent(
          EVENT_BENCHED,
          Attributes.of(
              TARGET, benched.target().toString(), BENCHED_UNTIL, benched.until().toString()));
    } else if (event instanceof ChainEvent.Exhausted exhausted) {
      span.addEvent(EVENT_EXHAUSTED, Attributes.of(ATTEMPTS, (long) exhausted.attempts().size()));
    }
  }

  @Override
  public ContextSnapshot captureContext() {
    Context captured = Context.current();
    return () -> {
      io.opentelemetry.context.Scope scope = captured.makeCurrent();
      return scope::close;
    };
  }

  @Override
  public String toString() {
    return "MajordomoTelemetry[captureMessageContent="
        + captureMessageContent
        + ", recordConversationIds="
        + recordConversationIds
        + "]";
  }

  /** The interface's name as written in Java: {@code com.example.Outer.Inner}. */
  private static String typeName(Class<?> type) {
    String canonical = type.getCanonicalName();
    return canonical != null ? canonical : type.getName();
  }
}
