package dev.majordomo.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ReasoningEffort;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ollama's native {@code /api/chat} wire format: canonical {@link Request} to JSON, and reply
 * objects (the single non-streaming object, or one NDJSON line) back to canonical parts.
 *
 * <p>Structured output uses {@code format} with the JSON schema; the reply's content is the JSON
 * text. Tool-call arguments are JSON objects on this wire; tool calls without an {@code id} (older
 * servers) get a generated one so that results can be matched back.
 */
final class OllamaCodec {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private OllamaCodec() {}

  /**
   * The request body for {@code model}; {@code stream} is always sent (Ollama defaults to true).
   */
  static ObjectNode requestBody(String model, Request request, boolean stream) {
    ObjectNode body = NODES.objectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    int index = 0;
    for (Message message : request.messages()) {
      addMessage(messages, message, index++);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", tool.name()).put("description", tool.description());
        function.set(
            "parameters",
            WireJson.schemaObject(tool.parametersSchema(), "tool '" + tool.name() + "'", "ollama"));
      }
    }
    if (request.responseSchema() != null) {
      body.set(
          "format",
          WireJson.schemaObject(
              request.responseSchema().json(),
              "response schema '" + request.responseSchema().name() + "'",
              "ollama"));
    }
    GenerationOptions options = request.options();
    ObjectNode wireOptions = NODES.objectNode();
    if (options.temperature() != null) {
      wireOptions.put("temperature", options.temperature());
    }
    if (options.topP() != null) {
      wireOptions.put("top_p", options.topP());
    }
    if (options.maxTokens() != null) {
      wireOptions.put("num_predict", options.maxTokens());
    }
    if (!options.stop().isEmpty()) {
      ArrayNode stop = wireOptions.putArray("stop");
      options.stop().forEach(stop::add);
    }
    if (options.seed() != null) {
      wireOptions.put("seed", options.seed());
    }
    if (!wireOptions.isEmpty()) {
      body.set("options", wireOptions);
    }
    ReasoningEffort effort = options.effectiveReasoningEffort();
    if (effort != null) {
      body.set("think", think(effort));
    }
    body.put("stream", stream);
    return body;
  }

  /**
   * {@code think} for {@code effort}: {@code false} for none, else a level. The server takes {@code
   * true}/{@code false} or {@code "low"|"medium"|"high"}; GPT-OSS takes the levels only and ignores
   * booleans, other thinking models take a level as {@code true}. Minimal has no level: it is sent
   * as {@code "low"}.
   */
  static JsonNode think(ReasoningEffort effort) {
    return switch (effort) {
      case NONE -> NODES.booleanNode(false);
      case MINIMAL, LOW -> NODES.textNode("low");
      case MEDIUM -> NODES.textNode("medium");
      case HIGH -> NODES.textNode("high");
    };
  }

  private static void addMessage(ArrayNode messages, Message message, int index) {
    if (message.role() == Role.TOOL) {
      // One wire message per result; other parts in a tool turn would have no place to go.
      for (Part part : message.parts()) {
        if (!(part instanceof Part.ToolResult r)) {
          throw invalid(
              "message "
                  + index
                  + " is a tool message with a "
                  + WireJson.partKind(part)
                  + "; expected results");
        }
        messages.add(toolResult(r));
      }
      return;
    }
    String role = message.role().name().toLowerCase(Locale.ROOT);
    ObjectNode wire = NODES.objectNode().put("role", role);
    StringBuilder content = new StringBuilder();
    ArrayNode images = NODES.arrayNode();
    ArrayNode calls = NODES.arrayNode();
    List<ObjectNode> results = new ArrayList<>();
    StringBuilder thinking = new StringBuilder();
    for (Part part : message.parts()) {
      if (part instanceof Part.Reasoning r) {
        // Ollama's own thinking goes back in the message's thinking field (a model such as
        // GPT-OSS reads it across tool calls); any other wire's reasoning is dropped.
        if (message.role() == Role.ASSISTANT && r.isFrom(Part.Reasoning.OLLAMA)) {
          thinking.append(r.text());
        }
      } else if (part instanceof Part.Text t) {
        content.append(t.text());
      } else if (part instanceof Part.ImagePart i && message.role() == Role.USER) {
        if (i.image().isUrl()) {
          throw new ImageException(
              "message "
                  + index
                  + " holds an image by URL ("
                  + i.image()
                  + "); Ollama takes image bytes only, and Majordomo never downloads images:"
                  + " load it with Image.fromPath or Image.fromBytes");
        }
        images.add(i.image().base64().orElseThrow());
      } else if (part instanceof Part.ToolCall c && message.role() == Role.ASSISTANT) {
        ObjectNode call = calls.addObject();
        call.put("id", c.id());
        ObjectNode function = call.putObject("function");
        function.put("name", c.name());
        function.set("arguments", WireJson.argumentsObject(c.argumentsJson()));
      } else if (part instanceof Part.ToolResult r && message.role() == Role.USER) {
        results.add(toolResult(r));
      } else {
        throw invalid(
            "message "
                + index
                + " ("
                + message.role()
                + ") holds a "
                + WireJson.partKind(part)
                + ", which Ollama does not accept there");
      }
    }
    // Results carried by a user turn answer the previous assistant turn, so they go first.
    results.forEach(messages::add);
    if (content.length() == 0 && images.isEmpty() && calls.isEmpty() && !results.isEmpty()) {
      return;
    }
    wire.put("content", content.toString());
    if (thinking.length() > 0) {
      wire.put("thinking", thinking.toString());
    }
    if (!images.isEmpty()) {
      wire.set("images", images);
    }
    if (!calls.isEmpty()) {
      wire.set("tool_calls", calls);
    }
    messages.add(wire);
  }

  private static ObjectNode toolResult(Part.ToolResult r) {
    // The wire has no error flag: an error result says so in its text (modelText).
    String text = r.modelText();
    ArrayNode images = NODES.arrayNode();
    int byUrl = 0;
    for (Image image : r.images()) {
      if (image.isUrl()) {
        byUrl++;
      } else {
        images.add(image.base64().orElseThrow());
      }
    }
    if (byUrl > 0) {
      // Ollama takes image bytes only and Majordomo never downloads: the model is told instead
      // of the call failing because of what a tool returned.
      text += "\n[" + byUrl + " image(s) by URL left out: Ollama takes image bytes only]";
    }
    ObjectNode wire =
        NODES
            .objectNode()
            .put("role", "tool")
            .put("content", text)
            .put("tool_name", r.name())
            .put("tool_call_id", r.callId());
    if (!images.isEmpty()) {
      wire.set("images", images);
    }
    return wire;
  }

  /** A non-streaming reply (or the final line of a stream, which has the same shape). */
  static Response parseResponse(JsonNode root, HttpTransport transport) {
    if (!root.isObject() || !root.path("message").isObject()) {
      throw transport.malformed("the reply has no message object", root.toString(), null);
    }
    JsonNode message = root.path("message");
    List<Part> parts = new ArrayList<>();
    String thinking = message.path("thinking").asText("");
    if (!thinking.isEmpty()) {
      parts.add(Part.Reasoning.text(thinking, Part.Reasoning.OLLAMA));
    }
    String text = message.path("content").asText("");
    if (!text.isEmpty()) {
      parts.add(Part.text(text));
    }
    List<Part.ToolCall> calls = toolCalls(message, transport);
    parts.addAll(calls);
    return new Response(
        Message.assistant(parts),
        usage(root),
        finishReason(root.path("done_reason").asText(null), !calls.isEmpty()),
        null,
        List.of(),
        null,
        model(root));
  }

  /** The model that answered, as the reply names it; the native API gives replies no id. */
  static String model(JsonNode root) {
    JsonNode model = root.get("model");
    return model != null && model.isTextual() && !model.asText().isEmpty() ? model.asText() : null;
  }

  /** The tool calls of a {@code message} object, whole (Ollama never splits them). */
  static List<Part.ToolCall> toolCalls(JsonNode message, HttpTransport transport) {
    JsonNode calls = message.path("tool_calls");
    if (!calls.isArray()) {
      return List.of();
    }
    List<Part.ToolCall> out = new ArrayList<>();
    for (JsonNode call : calls) {
      JsonNode function = call.path("function");
      String name = function.path("name").asText("");
      if (name.isEmpty()) {
        throw transport.malformed("a tool call has no function name", message.toString(), null);
      }
      JsonNode arguments = function.get("arguments");
      String json;
      if (arguments == null || arguments.isNull()) {
        json = "{}";
      } else if (arguments.isTextual()) {
        // Not what the server sends today, but a proxy may relay OpenAI-style string arguments.
        json = arguments.asText();
      } else {
        json = arguments.toString();
      }
      String id = call.path("id").asText("");
      out.add(new Part.ToolCall(id.isEmpty() ? newCallId() : id, name, json));
    }
    return out;
  }

  static Usage usage(JsonNode root) {
    return new Usage(
        Math.max(0, root.path("prompt_eval_count").asLong(0)),
        Math.max(0, root.path("eval_count").asLong(0)),
        0,
        0);
  }

  /**
   * Maps {@code done_reason}. The native API has no tool-call reason ({@code stop} comes with the
   * calls), so calls seen in the reply decide; a missing reason (older servers) means a stop.
   */
  static FinishReason finishReason(String doneReason, boolean hasToolCalls) {
    if (doneReason == null || doneReason.equals("stop")) {
      return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
    return doneReason.equals("length") ? FinishReason.LENGTH : FinishReason.OTHER;
  }

  /** A call id in the server's own form, {@code call_} and eight lower-case alphanumerics. */
  static String newCallId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder("call_");
    for (int i = 0; i < 8; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  static LlmException invalid(String message) {
    return LlmException.builder(ErrorKind.PERMANENT, "ollama: " + message).build();
  }
}
