package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.internal.http.SseEvent;
import dev.majordomo.internal.http.StreamDecoder;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Decodes the Responses API's typed SSE events
 * (https://platform.openai.com/docs/api-reference/responses-streaming), read by the {@code type} in
 * each event's data: {@code response.output_text.delta} and {@code response.refusal.delta} pass
 * through as text at once; a function call starts at {@code response.output_item.added}, gathers
 * {@code response.function_call_arguments.delta} and is emitted whole at its {@code
 * response.output_item.done} (whose item, complete, wins over the gathered deltas). {@code
 * response.completed} and {@code response.incomplete} carry the whole response: its usage, status
 * and {@code incomplete_details} end the stream. {@code response.failed} and {@code error} fail it.
 * Reasoning summary (and reasoning text) deltas pass through as {@link StreamEvent.ReasoningDelta};
 * a reasoning item's {@code response.output_item.done} gives the whole part, encrypted content
 * included, as a {@link StreamEvent.ReasoningEvent}. Other events (created, in_progress,
 * content_part, *.done of text) are skipped.
 */
final class ResponsesStreamDecoder implements StreamDecoder<SseEvent> {
  private final HttpTransport transport;
  private final ResponsesCodec codec;
  private final Map<Integer, PendingCall> calls = new TreeMap<>();
  private boolean anyCall;
  private boolean refused;
  private String responseId;
  private String responseModel;

  ResponsesStreamDecoder(HttpTransport transport, ResponsesCodec codec) {
    this.transport = transport;
    this.codec = codec;
  }

  private static final class PendingCall {
    String callId;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  @Override
  public boolean decode(SseEvent frame, Consumer<StreamEvent> out) {
    if (frame.isDone()) {
      // Not part of this protocol; a server that sends it has said all it will.
      throw transport.malformed(
          "the stream ended with [DONE] before response.completed", frame.data(), null);
    }
    if (frame.isBlank()) {
      return false;
    }
    JsonNode event = transport.parseJson(frame.data(), "a stream event");
    String type = ChatCompletionsCodec.text(event, "type");
    if (type == null) {
      type = frame.event();
    }
    switch (type) {
      case "response.created", "response.in_progress" -> remember(event.path("response"));
      case "response.output_text.delta" -> text(event, out);
      case "response.refusal.delta" -> {
        refused = true;
        text(event, out);
      }
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> {
        String delta = ChatCompletionsCodec.text(event, "delta");
        if (delta != null && !delta.isEmpty()) {
          out.accept(new StreamEvent.ReasoningDelta(delta));
        }
      }
      case "response.output_item.added" -> started(event);
      case "response.function_call_arguments.delta" -> {
        PendingCall call = calls.get(event.path("output_index").asInt(-1));
        String delta = ChatCompletionsCodec.text(event, "delta");
        if (call != null && delta != null) {
          call.arguments.append(delta);
        }
      }
      case "response.output_item.done" -> finished(event, frame, out);
      case "response.completed", "response.incomplete" -> {
        complete(event.path("response"), out);
        return true;
      }
      case "response.failed" -> {
        JsonNode error = event.path("response").path("error");
        throw transport.streamError(
            -1,
            error.isObject()
                ? ResponsesCodec.error(error)
                : new ProviderError(null, "the response failed"),
            frame.data());
      }
      case "error" -> {
        JsonNode error = event.get("error");
        throw transport.streamError(
            -1,
            ResponsesCodec.error(error != null && error.isObject() ? error : event),
            frame.data());
      }
      default -> {
        // Events this decoder does not need.
      }
    }
    return false;
  }

  private void remember(JsonNode response) {
    String id = ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(response, "id"));
    String model = ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(response, "model"));
    if (id != null) {
      responseId = id;
    }
    if (model != null) {
      responseModel = model;
    }
  }

  private static void text(JsonNode event, Consumer<StreamEvent> out) {
    String delta = ChatCompletionsCodec.text(event, "delta");
    if (delta != null && !delta.isEmpty()) {
      out.accept(new StreamEvent.TextDelta(delta));
    }
  }

  private void started(JsonNode event) {
    JsonNode item = event.path("item");
    if (!"function_call".equals(ChatCompletionsCodec.text(item, "type"))) {
      return;
    }
    PendingCall call = new PendingCall();
    call.callId = ChatCompletionsCodec.text(item, "call_id");
    call.name = ChatCompletionsCodec.text(item, "name");
    String arguments = ChatCompletionsCodec.text(item, "arguments");
    if (arguments != null) {
      call.arguments.append(arguments);
    }
    calls.put(event.path("output_index").asInt(calls.size()), call);
  }

  private void finished(JsonNode event, SseEvent frame, Consumer<StreamEvent> out) {
    JsonNode item = event.path("item");
    String type = ChatCompletionsCodec.text(item, "type");
    if ("reasoning".equals(type)) {
      out.accept(new StreamEvent.ReasoningEvent(ResponsesCodec.reasoning(item)));
      return;
    }
    if (!"function_call".equals(type)) {
      return;
    }
    PendingCall pending = calls.remove(event.path("output_index").asInt(-1));
    Part.ToolCall call;
    if (item.hasNonNull("call_id") && item.hasNonNull("name") && item.hasNonNull("arguments")) {
      call = codec.functionCall(item, frame.data());
    } else if (pending != null && pending.callId != null && pending.name != null) {
      call = new Part.ToolCall(pending.callId, pending.name, pending.arguments.toString());
    } else {
      throw transport.malformed("a function_call item has no call_id or name", frame.data(), null);
    }
    anyCall = true;
    out.accept(new StreamEvent.ToolCallEvent(call));
  }

  private void complete(JsonNode response, Consumer<StreamEvent> out) {
    remember(response);
    if (!calls.isEmpty()) {
      throw transport.malformed(
          "the response completed with a function call that never finished", "", null);
    }
    Usage usage = ResponsesCodec.usage(response.get("usage"));
    if (!usage.equals(Usage.NONE)) {
      out.accept(new StreamEvent.UsageEvent(usage));
    }
    FinishReason reason =
        ResponsesCodec.finishReason(
            ChatCompletionsCodec.text(response, "status"),
            response.path("incomplete_details"),
            anyCall);
    if (refused && reason == FinishReason.STOP) {
      reason = FinishReason.CONTENT_FILTER;
    }
    out.accept(new StreamEvent.Done(reason, responseId, responseModel));
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    throw transport.malformed(
        "the stream ended before the reply was complete (no response.completed)", "", null);
  }
}
