package dev.majordomo.opentelemetry;

import dev.majordomo.llm.Part;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.ToolObservation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code execute_tool} span of one tool execution. It is current while the tool runs, so that
 * the application's own spans inside the tool nest under it.
 */
final class ToolSpan implements ToolObservation {
  private final Span span;
  private final Context context;
  private final boolean captureMessageContent;
  private final AtomicBoolean ended = new AtomicBoolean();

  ToolSpan(Span span, Context context, boolean captureMessageContent) {
    this.span = span;
    this.context = context;
    this.captureMessageContent = captureMessageContent;
  }

  @Override
  public Observation.Scope enter() {
    io.opentelemetry.context.Scope scope = context.makeCurrent();
    return scope::close;
  }

  @Override
  public void finished(Part.ToolResult result) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (result.isError()) {
      // What went wrong is the tool's text, which may hold the user's data: kept out unless
      // content is captured.
      span.setAttribute(GenAiAttributes.ERROR_TYPE, Errors.TOOL_ERROR);
      if (captureMessageContent) {
        span.setStatus(StatusCode.ERROR, Urls.withoutSecrets(result.content()));
      } else {
        span.setStatus(StatusCode.ERROR);
      }
    } else if (captureMessageContent) {
      span.setAttribute(
          GenAiAttributes.TOOL_CALL_RESULT, MessageContent.toolResult(result.content()));
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
