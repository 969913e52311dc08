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
 * The Chat Completions stream decoder as it was before it read chunks with Jackson's streaming
 * parser: each chunk read into a tree. Kept as the reference the streaming decoder must agree with
 * (events, errors and their messages), frame for frame. It reads the reply's id and model too,
 * added to both decoders at the same time.
 */
final class TreeStreamDecoderReference implements StreamDecoder<SseEvent> {
  private final HttpTransport transport;
  private final Map<Integer, CallBuilder> calls = new TreeMap<>();
  private Usage usage;
  private FinishReason finish;
  private boolean refused;
  private boolean callsEmitted;
  private String responseId;
  private String responseModel;

  TreeStreamDecoderReference(HttpTransport transport) {
    this.transport = transport;
  }

  private static final class CallBuilder {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  @Override
  public boolean decode(SseEvent frame, Consumer<StreamEvent> out) {
    if (frame.isDone()) {
      finish(out);
      return true;
    }
    if (frame.data().isBlank()) {
      return false;
    }
    JsonNode chunk = transport.parseJson(frame.data(), "a stream chunk");
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      throw transport.streamError(
          -1,
          error.isObject()
              ? ChatCompletionsErrors.read(error)
              : new ProviderError(null, error.asText()),
          frame.data());
    }
    JsonNode u = chunk.get("usage");
    if (u != null && u.isObject()) {
      usage = ChatCompletionsCodec.usage(u);
    }
    String id = ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(chunk, "id"));
    if (id != null) {
      responseId = id;
    }
    String model = ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(chunk, "model"));
    if (model != null) {
      responseModel = model;
    }
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue;
      }
      JsonNode delta = choice.path("delta");
      String content = ChatCompletionsCodec.text(delta, "content");
      if (content != null && !content.isEmpty()) {
        out.accept(new StreamEvent.TextDelta(content));
      }
      String refusal = ChatCompletionsCodec.text(delta, "refusal");
      if (refusal != null && !refusal.isEmpty()) {
        refused = true;
        out.accept(new StreamEvent.TextDelta(refusal));
      }
      for (JsonNode fragment : delta.path("tool_calls")) {
        addFragment(fragment, chunk);
      }
      String reason = ChatCompletionsCodec.text(choice, "finish_reason");
      if (reason != null) {
        finish = ChatCompletionsCodec.finishReason(reason);
        emitCalls(out);
      }
    }
    return false;
  }

  private void addFragment(JsonNode fragment, JsonNode chunk) {
    if (callsEmitted) {
      throw transport.malformed(
          "a tool-call fragment arrived after the choice finished", chunk.toString(), null);
    }
    JsonNode index = fragment.get("index");
    int i = index != null && index.canConvertToInt() ? index.asInt() : calls.size();
    CallBuilder call = calls.computeIfAbsent(i, k -> new CallBuilder());
    String id = ChatCompletionsCodec.text(fragment, "id");
    if (id != null && !id.isEmpty()) {
      call.id = id;
    }
    JsonNode function = fragment.path("function");
    String name = ChatCompletionsCodec.text(function, "name");
    if (name != null && !name.isEmpty()) {
      call.name = name;
    }
    JsonNode args = function.get("arguments");
    if (args != null && !args.isNull()) {
      call.arguments.append(args.isTextual() ? args.asText() : args.toString());
    }
  }

  private void emitCalls(Consumer<StreamEvent> out) {
    if (callsEmitted) {
      return;
    }
    callsEmitted = true;
    for (Map.Entry<Integer, CallBuilder> e : calls.entrySet()) {
      CallBuilder c = e.getValue();
      if (c.name == null) {
        throw transport.malformed("tool call " + e.getKey() + " has no function name", "", null);
      }
      String id = c.id == null ? "call_" + e.getKey() : c.id;
      out.accept(
          new StreamEvent.ToolCallEvent(new Part.ToolCall(id, c.name, c.arguments.toString())));
    }
  }

  private void finish(Consumer<StreamEvent> out) {
    emitCalls(out);
    if (usage != null) {
      out.accept(new StreamEvent.UsageEvent(usage));
    }
    FinishReason reason = finish;
    if (refused && reason == FinishReason.STOP) {
      reason = FinishReason.CONTENT_FILTER;
    }
    if (reason == null) {
      reason = calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    }
    out.accept(new StreamEvent.Done(reason, responseId, responseModel));
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    if (finish == null) {
      throw transport.malformed(
          "the stream ended before the reply was complete (no finish_reason, no [DONE])", "", null);
    }
    finish(out);
  }
}
