package dev.majordomo.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.SseEvent;
import dev.majordomo.internal.http.StreamDecoder;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the Messages API's server-sent events into canonical {@link StreamEvent}s: text deltas as
 * they come, thinking as {@link StreamEvent.ReasoningDelta}s and each thinking block (with its
 * signature) or redacted thinking block as a {@link StreamEvent.ReasoningEvent} when it stops, each
 * tool call once its {@code input_json_delta} pieces are complete, then usage and {@link
 * StreamEvent.Done} at {@code message_stop}, with the reply's id and model from {@code
 * message_start}. An {@code error} event is thrown as an {@link LlmException}. Unknown events and
 * block types are skipped. One instance per stream; not thread-safe.
 *
 * <p>With structured output (an answer tool), the answer's JSON is the reply's text: it is streamed
 * as text deltas when the answer tool is the only tool; with real tools as well it is held back
 * until the end, and dropped if the model called real tools instead, exactly as {@link
 * AnthropicCodec#parseResponse} does. Text the model writes beside an answer is dropped; beside
 * real tool calls, or when no answer comes, it is delivered at the end.
 */
final class AnthropicStreamDecoder implements StreamDecoder<SseEvent> {
  private final HttpTransport transport;
  private final String answerTool;
  private final boolean streamAnswer;
  private final Map<Integer, Block> blocks = new HashMap<>();
  private final StringBuilder heldText = new StringBuilder();
  private final StringBuilder heldAnswer = new StringBuilder();
  private boolean answered;
  private boolean realCalls;
  private Usage usage = Usage.NONE;
  private String stopReason;
  private String responseId;
  private String responseModel;
  private boolean finished;

  /**
   * @param answerTool the answer tool's name, or {@code null} without structured output
   * @param hasRealTools whether the request offered tools besides the answer tool
   */
  AnthropicStreamDecoder(HttpTransport transport, String answerTool, boolean hasRealTools) {
    this.transport = transport;
    this.answerTool = answerTool;
    this.streamAnswer = answerTool != null && !hasRealTools;
  }

  /**
   * Consumes one event, passing what it completes to {@code out}.
   *
   * @return {@code true} once {@code message_stop} has been seen
   * @throws LlmException for an {@code error} event or a payload that is not JSON
   */
  @Override
  public boolean decode(SseEvent sse, Consumer<StreamEvent> out) {
    if (finished) {
      return true;
    }
    JsonNode event = transport.parseJson(sse.data(), "a stream event");
    if (!event.isObject()) {
      throw transport.malformed("a stream event is not a JSON object", sse.data(), null);
    }
    String type = event.path("type").asText(sse.event());
    switch (type) {
      case "message_start" -> {
        JsonNode message = event.path("message");
        usage = AnthropicCodec.usage(message.path("usage"), usage);
        responseId = AnthropicCodec.text(message, "id");
        responseModel = AnthropicCodec.text(message, "model");
      }
      case "content_block_start" -> onBlockStart(event, out);
      case "content_block_delta" -> onBlockDelta(event, out);
      case "content_block_stop" -> onBlockStop(event, out);
      case "message_delta" -> {
        String reason = event.path("delta").path("stop_reason").asText(null);
        if (reason != null) {
          stopReason = reason;
        }
        usage = AnthropicCodec.usage(event.path("usage"), usage);
      }
      case "message_stop" -> onMessageStop(out);
      case "error" -> throw transport.streamError(-1, AnthropicErrors.parse(event), sse.data());
      default -> {
        // ping, and event types added after this was written
      }
    }
    return finished;
  }

  /** The body ended before {@code message_stop}: a truncated stream. */
  @Override
  public void endOfInput(Consumer<StreamEvent> out) {
    throw transport.malformed("the stream ended before message_stop", null, null);
  }

  private void onBlockStart(JsonNode event, Consumer<StreamEvent> out) {
    int index = event.path("index").asInt(-1);
    JsonNode block = event.path("content_block");
    String type = block.path("type").asText("");
    if (type.equals("text")) {
      blocks.put(index, new Block(Block.Kind.TEXT, null, null));
      text(block.path("text").asText(""), out);
    } else if (type.equals("tool_use")) {
      String name = block.path("name").asText("");
      String id = block.path("id").asText("");
      Block.Kind kind = name.equals(answerTool) ? Block.Kind.ANSWER : Block.Kind.TOOL;
      Block b = new Block(kind, id, name);
      JsonNode input = block.get("input");
      // The start block carries "input": {} and the real input arrives as deltas; a server that
      // sends the whole input up front is honoured too.
      if (input != null && input.isObject() && input.size() > 0) {
        b.json.append(input);
      }
      blocks.put(index, b);
    } else if (type.equals("thinking")) {
      Block b = new Block(Block.Kind.THINKING, null, null);
      b.json.append(block.path("thinking").asText(""));
      b.signature.append(block.path("signature").asText(""));
      if (b.json.length() > 0) {
        out.accept(new StreamEvent.ReasoningDelta(b.json.toString()));
      }
      blocks.put(index, b);
    } else if (type.equals("redacted_thinking")) {
      Block b = new Block(Block.Kind.REDACTED_THINKING, null, null);
      b.json.append(block.path("data").asText(""));
      blocks.put(index, b);
    } else {
      blocks.put(index, new Block(Block.Kind.OTHER, null, null));
    }
  }

  private void onBlockDelta(JsonNode event, Consumer<StreamEvent> out) {
    Block block = blocks.get(event.path("index").asInt(-1));
    if (block == null) {
      throw transport.malformed(
          "a content_block_delta for a block that was never started", event.toString(), null);
    }
    JsonNode delta = event.path("delta");
    switch (delta.path("type").asText("")) {
      case "text_delta" -> {
        if (block.kind == Block.Kind.TEXT) {
          text(delta.path("text").asText(""), out);
        }
      }
      case "input_json_delta" -> {
        if (block.kind == Block.Kind.TOOL || block.kind == Block.Kind.ANSWER) {
          String piece = delta.path("partial_json").asText("");
          block.json.append(piece);
          if (block.kind == Block.Kind.ANSWER && streamAnswer && !piece.isEmpty()) {
            answered = true;
            out.accept(new StreamEvent.TextDelta(piece));
          }
        }
      }
      case "thinking_delta" -> {
        String piece = delta.path("thinking").asText("");
        if (block.kind == Block.Kind.THINKING && !piece.isEmpty()) {
          block.json.append(piece);
          out.accept(new StreamEvent.ReasoningDelta(piece));
        }
      }
      case "signature_delta" -> {
        if (block.kind == Block.Kind.THINKING) {
          block.signature.append(delta.path("signature").asText(""));
        }
      }
      default -> {
        // citation deltas carry nothing the canonical stream holds
      }
    }
  }

  private void onBlockStop(JsonNode event, Consumer<StreamEvent> out) {
    Block block = blocks.get(event.path("index").asInt(-1));
    if (block == null) {
      throw transport.malformed(
          "a content_block_stop for a block that was never started", event.toString(), null);
    }
    if (block.kind == Block.Kind.THINKING) {
      String signature = block.signature.length() == 0 ? null : block.signature.toString();
      out.accept(
          new StreamEvent.ReasoningEvent(
              Part.Reasoning.anthropic(block.json.toString(), signature)));
    } else if (block.kind == Block.Kind.REDACTED_THINKING) {
      out.accept(
          new StreamEvent.ReasoningEvent(Part.Reasoning.anthropicRedacted(block.json.toString())));
    } else if (block.kind == Block.Kind.TOOL) {
      realCalls = true;
      String input = block.json.length() == 0 ? "{}" : block.json.toString();
      out.accept(
          new StreamEvent.ToolCallEvent(
              AnthropicCodec.toolCall(block.id, block.name, input, transport)));
    } else if (block.kind == Block.Kind.ANSWER) {
      if (streamAnswer) {
        if (block.json.length() == 0) {
          out.accept(new StreamEvent.TextDelta("{}"));
        }
        answered = true;
      } else {
        heldAnswer.append(block.json.length() == 0 ? "{}" : block.json);
        answered = true;
      }
    }
  }

  private void onMessageStop(Consumer<StreamEvent> out) {
    if (answerTool != null) {
      if (realCalls || !answered) {
        if (heldText.length() > 0) {
          out.accept(new StreamEvent.TextDelta(heldText.toString()));
        }
      } else if (!streamAnswer) {
        out.accept(new StreamEvent.TextDelta(heldAnswer.toString()));
      }
    }
    out.accept(new StreamEvent.UsageEvent(usage));
    out.accept(
        new StreamEvent.Done(
            AnthropicCodec.finishReason(stopReason, realCalls), responseId, responseModel));
    finished = true;
  }

  private void text(String text, Consumer<StreamEvent> out) {
    if (text.isEmpty()) {
      return;
    }
    if (answerTool == null) {
      out.accept(new StreamEvent.TextDelta(text));
    } else {
      // Beside structured output, text is only the fallback when no answer comes.
      heldText.append(text);
    }
  }

  private static final class Block {
    enum Kind {
      TEXT,
      TOOL,
      ANSWER,
      THINKING,
      REDACTED_THINKING,
      OTHER
    }

    final Kind kind;
    final String id;
    final String name;

    /** The input JSON of a tool, the text of thinking, or the data of redacted thinking. */
    final StringBuilder json = new StringBuilder();

    final StringBuilder signature = new StringBuilder();

    Block(Kind kind, String id, String name) {
      this.kind = kind;
      this.id = id;
      this.name = name;
    }
  }
}
