package dev.majordomo.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.StreamDecoder;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.StreamEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns {@code /api/chat} NDJSON lines into canonical {@link StreamEvent}s: content pieces as text
 * deltas, each tool call as it arrives (Ollama sends them whole), and usage and {@link
 * StreamEvent.Done} at the {@code done:true} line (with the model the lines name). A line with an
 * {@code error} key (a failure after the HTTP 200) is thrown; a body that ends without {@code
 * done:true} is a truncated stream. One instance per stream; not thread-safe.
 */
final class OllamaStreamDecoder implements StreamDecoder<String> {
  private final HttpTransport transport;
  private boolean toolCalls;
  private String model;
  private final StringBuilder thinking = new StringBuilder();

  OllamaStreamDecoder(HttpTransport transport) {
    this.transport = transport;
  }

  @Override
  public boolean decode(String line, Consumer<StreamEvent> out) {
    JsonNode chunk = transport.parseJson(line, "a stream line");
    if (!chunk.isObject()) {
      throw transport.malformed("a stream line is not a JSON object", line, null);
    }
    if (chunk.has("error")) {
      throw transport.streamError(-1, OllamaErrors.parse(chunk), line);
    }
    String named = OllamaCodec.model(chunk);
    if (named != null) {
      model = named;
    }
    JsonNode message = chunk.path("message");
    String piece = message.path("thinking").asText("");
    if (!piece.isEmpty()) {
      thinking.append(piece);
      out.accept(new StreamEvent.ReasoningDelta(piece));
    }
    String text = message.path("content").asText("");
    if (!text.isEmpty()) {
      endThinking(out);
      out.accept(new StreamEvent.TextDelta(text));
    }
    List<Part.ToolCall> calls = OllamaCodec.toolCalls(message, transport);
    if (!calls.isEmpty()) {
      endThinking(out);
    }
    for (Part.ToolCall call : calls) {
      toolCalls = true;
      out.accept(new StreamEvent.ToolCallEvent(call));
    }
    if (!chunk.path("done").asBoolean(false)) {
      return false;
    }
    endThinking(out);
    out.accept(new StreamEvent.UsageEvent(OllamaCodec.usage(chunk)));
    out.accept(
        new StreamEvent.Done(
            OllamaCodec.finishReason(chunk.path("done_reason").asText(null), toolCalls),
            null,
            model));
    return true;
  }

  /** The thinking so far as one part, once the model moves on to its answer or its calls. */
  private void endThinking(Consumer<StreamEvent> out) {
    if (thinking.length() > 0) {
      out.accept(
          new StreamEvent.ReasoningEvent(
              Part.Reasoning.text(thinking.toString(), Part.Reasoning.OLLAMA)));
      thinking.setLength(0);
    }
  }

  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    throw transport.malformed("the stream ended before a line with \"done\": true", null, null);
  }
}
