package dev.majordomo.opentelemetry;

import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.Observation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code chat} client span of one attempt at a target, and its metrics: measured with the
 * durations the runtime gives (the registry's clock), so that a test's fake clock drives them.
 */
final class AttemptSpan implements AttemptObservation {
  private final Span span;
  private final Context context;
  private final GenAiMetrics metrics;
  private final Attributes operation;
  private final Target target;
  private final boolean stream;
  private final boolean captureMessageContent;
  private final AtomicBoolean ended = new AtomicBoolean();

  AttemptSpan(
      Span span,
      Context context,
      GenAiMetrics metrics,
      Attributes operation,
      Target target,
      boolean stream,
      boolean captureMessageContent) {
    this.span = span;
    this.context = context;
    this.metrics = metrics;
    this.operation = operation;
    this.target = target;
    this.stream = stream;
    this.captureMessageContent = captureMessageContent;
  }

  @Override
  public Observation.Scope enter() {
    io.opentelemetry.context.Scope scope = context.makeCurrent();
    return scope::close;
  }

  @Override
  public void firstChunk(Duration elapsed) {
    if (!stream || ended.get()) {
      return;
    }
    span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, GenAiMetrics.seconds(elapsed));
    metrics.timeToFirstChunk(elapsed, operation);
  }

  @Override
  public void succeeded(Response response, Duration elapsed) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (response.id() != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_ID, response.id());
    }
    if (response.model() != null) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, response.model());
    }
    String finishReason = MessageContent.finishReason(response.finishReason());
    span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of(finishReason));
    Usage usage = response.usage();
    boolean usageKnown = !usage.equals(Usage.NONE);
    if (usageKnown) {
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, usage.inputTokens());
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, usage.outputTokens());
      if (usage.cachedTokens() > 0) {
        span.setAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, usage.cachedTokens());
      }
      if (usage.cacheWriteTokens() > 0) {
        span.setAttribute(
            GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheWriteTokens());
      }
      if (usage.reasoningTokens() > 0) {
        span.setAttribute(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningTokens());
      }
    }
    if (captureMessageContent) {
      span.setAttribute(GenAiAttributes.OUTPUT_MESSAGES, MessageContent.outputMessages(response));
    }
    span.end();

    Attributes withResponse =
        response.model() == null
            ? operation
            : operation.toBuilder().put(GenAiAttributes.RESPONSE_MODEL, response.model()).build();
    metrics.duration(elapsed, withResponse);
    if (usageKnown) {
      metrics.tokens(usage.inputTokens(), GenAiAttributes.TOKEN_INPUT, withResponse);
      metrics.tokens(usage.outputTokens(), GenAiAttributes.TOKEN_OUTPUT, withResponse);
    }
    metrics.attempt(outcome("succeeded").build());
  }

  @Override
  public void failed(ErrorKind kind, Throwable error, Duration elapsed) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    String type = Errors.type(kind);
    Errors.record(span, type, error, captureMessageContent);
    span.end();

    metrics.duration(elapsed, operation.toBuilder().put(GenAiAttributes.ERROR_TYPE, type).build());
    String outcome = kind == ErrorKind.CANNOT_SERVE ? "skipped" : "failed";
    metrics.attempt(outcome(outcome).put(GenAiAttributes.ERROR_TYPE, type).build());
  }

  private AttributesBuilder outcome(String outcome) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put(GenAiAttributes.TARGET, target.toString())
            .put(GenAiAttributes.PROVIDER_NAME, operation.get(GenAiAttributes.PROVIDER_NAME))
            .put(GenAiAttributes.OUTCOME, outcome);
    String model = operation.get(GenAiAttributes.REQUEST_MODEL);
    if (model != null) {
      attributes.put(GenAiAttributes.REQUEST_MODEL, model);
    }
    return attributes;
  }
}
