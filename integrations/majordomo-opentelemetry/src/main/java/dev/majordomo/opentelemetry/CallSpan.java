package dev.majordomo.opentelemetry;

import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.Observation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code invoke_agent} span of one assistant method call. It puts itself in the context it
 * makes current, beside the span, so that the call's attempts find its conversation id and the
 * chain's events find the call's span while an attempt's span is the current one.
 */
final class CallSpan implements CallObservation {
  private static final ContextKey<CallSpan> KEY = ContextKey.named("majordomo-call");

  private final Span span;
  private final String conversationId;
  private final boolean captureMessageContent;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Context context;

  CallSpan(Span span, String conversationId, boolean captureMessageContent, Context parent) {
    this.span = span;
    this.conversationId = conversationId;
    this.captureMessageContent = captureMessageContent;
    this.context = parent.with(span).with(KEY, this);
  }

  /** {@return the call whose context {@code context} is or descends from, or {@code null}} */
  static CallSpan of(Context context) {
    return context.get(KEY);
  }

  Span span() {
    return span;
  }

  /** {@return the conversation id recorded, or {@code null}} */
  String conversationId() {
    return conversationId;
  }

  @Override
  public Observation.Scope enter() {
    io.opentelemetry.context.Scope scope = context.makeCurrent();
    return scope::close;
  }

  @Override
  public void succeeded(Usage usage, Target answeredBy) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (answeredBy != null) {
      span.setAttribute(GenAiAttributes.PROVIDER_NAME, ProviderNames.of(answeredBy));
      span.setAttribute(GenAiAttributes.ANSWERED_BY, answeredBy.toString());
    }
    if (usage != null && !usage.equals(Usage.NONE)) {
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, usage.inputTokens());
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, usage.outputTokens());
    }
    span.end();
  }

  @Override
  public void failed(Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Errors.record(span, Errors.type(error), error, captureMessageContent);
    span.end();
  }
}
