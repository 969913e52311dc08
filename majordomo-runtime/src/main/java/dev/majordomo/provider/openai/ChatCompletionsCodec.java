package dev.majordomo.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the canonical contract to the Chat Completions wire format and back
 * (https://platform.openai.com/docs/api-reference/chat). Stateless apart from its configuration;
 * thread-safe.
 */
final class ChatCompletionsCodec {

  private final Target target;
  private final HttpTransport transport;
  private final ImageLimits imageLimits;
  private final boolean downscaleImages;
  private final boolean legacyMaxTokens;

  /** The field the seed goes in ({@code seed}; Mistral's {@code random_seed}), or null to drop. */
  private final String seedParameter;

  ChatCompletionsCodec(
      Target target,
      HttpTransport transport,
      ImageLimits imageLimits,
      boolean downscaleImages,
      boolean legacyMaxTokens,
      String seedParameter) {
    this.target = target;
    this.transport = transport;
    this.imageLimits = imageLimits;
    this.downscaleImages = downscaleImages;
    this.legacyMaxTokens = legacyMaxTokens;
    this.seedParameter = seedParameter;
  }

  // ---------------------------------------------------------------- request

  /** The request body for {@code model}; {@code stream} adds the streaming fields. */
  ObjectNode encode(Request request, String model, boolean stream) {
    ObjectNode body = WireJson.NODES.objectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    List<Image> sent = new ArrayList<>();
    for (Message m : request.messages()) {
      encodeMessage(m, messages, sent);
    }
    imageLimits.checkRequest(sent);
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition t : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", t.name());
        if (!t.description().isBlank()) {
          function.put("description", t.description());
        }
        function.set("parameters", parseSchema(t.parametersSchema(), "tool " + t.name()));
      }
    }
    request.schema().ifPresent(s -> body.set("response_format", responseFormat(s)));
    encodeOptions(request.options(), body);
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  private void encodeMessage(Message m, ArrayNode out, List<Image> sent) {
    switch (m.role()) {
      case SYSTEM -> {
        requireOnly(m, Part.Text.class, "a system message");
        out.addObject().put("role", "system").set("content", textContent(m));
      }
      case USER -> out.add(userMessage(m, sent));
      case ASSISTANT -> out.add(assistantMessage(m));
      case TOOL -> {
        requireOnly(m, Part.ToolResult.class, "a tool message");
        for (Part p : m.parts()) {
          Part.ToolResult r = (Part.ToolResult) p;
          out.addObject()
              .put("role", "tool")
              .put("tool_call_id", r.callId())
              // Chat Completions has no error flag on a tool result: modelText says it in the
              // text, with the one prefix every provider sends.
              .put("content", r.modelText());
        }
        toolImages(m, sent).ifPresent(out::add);
      }
    }
  }

  /**
   * The images of a turn's tool results, which a {@code tool} message cannot hold: one {@code user}
   * message after the turn's tool messages, each tool's images after a text naming the tool. Empty
   * when no result has images.
   */
  private java.util.Optional<ObjectNode> toolImages(Message m, List<Image> sent) {
    ObjectNode msg = null;
    for (Part p : m.parts()) {
      Part.ToolResult r = (Part.ToolResult) p;
      if (r.images().isEmpty()) {
        continue;
      }
      if (msg == null) {
        msg = WireJson.NODES.objectNode().put("role", "user");
        msg.putArray("content");
      }
      ArrayNode content = (ArrayNode) msg.get("content");
      content
          .addObject()
          .put("type", "text")
          .put(
              "text",
              "The images that tool '" + r.name() + "' returned (call " + r.callId() + "):");
      for (Image i : r.images()) {
        content.add(imagePart(i, sent));
      }
    }
    return java.util.Optional.ofNullable(msg);
  }

  private ObjectNode imagePart(Image original, List<Image> sent) {
    Image image = imageLimits.fit(original, downscaleImages);
    sent.add(image);
    String url =
        image.isUrl()
            ? image.url().orElseThrow().toString()
            : "data:" + image.mimeType().orElseThrow() + ";base64," + image.base64().orElseThrow();
    ObjectNode part = WireJson.NODES.objectNode().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  private ObjectNode userMessage(Message m, List<Image> sent) {
    ObjectNode msg = WireJson.NODES.objectNode().put("role", "user");
    if (!m.hasImages()) {
      requireOnly(m, Part.Text.class, "a user message");
      msg.set("content", textContent(m));
      return msg;
    }
    ArrayNode content = msg.putArray("content");
    for (Part p : m.parts()) {
      if (p instanceof Part.Text t) {
        content.addObject().put("type", "text").put("text", t.text());
      } else if (p instanceof Part.ImagePart i) {
        content.add(imagePart(i.image(), sent));
      } else {
        throw invalid("a user message can hold text and images only, found " + kindOf(p));
      }
    }
    return msg;
  }

  /** One text part as a string (the common form); several as text parts, kept apart. */
  private static JsonNode textContent(Message m) {
    if (m.parts().size() == 1) {
      return WireJson.NODES.textNode(m.text());
    }
    ArrayNode parts = WireJson.NODES.arrayNode();
    for (Part p : m.parts()) {
      parts.addObject().put("type", "text").put("text", ((Part.Text) p).text());
    }
    return parts;
  }

  private ObjectNode assistantMessage(Message m) {
    ObjectNode msg = WireJson.NODES.objectNode().put("role", "assistant");
    if (m.parts().size() == 1 && m.parts().get(0) instanceof Part.Text t) {
      // the common answer, and most of a long history: no builder, no calls array, no copy
      return msg.put("content", t.text());
    }
    StringBuilder text = new StringBuilder();
    ArrayNode calls = WireJson.NODES.arrayNode();
    for (Part p : m.parts()) {
      if (p instanceof Part.Reasoning) {
        // Chat Completions takes no reasoning back; another wire's reasoning is dropped here and
        // kept in the conversation for its own wire (docs/reasoning-and-caching.md).
        continue;
      } else if (p instanceof Part.Text t) {
        text.append(t.text());
      } else if (p instanceof Part.ToolCall c) {
        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
      } else {
        throw invalid("an assistant message can hold text and tool calls only, found " + kindOf(p));
      }
    }
    if (text.length() > 0 || calls.isEmpty()) {
      msg.put("content", text.toString());
    } else {
      msg.putNull("content");
    }
    if (!calls.isEmpty()) {
      msg.set("tool_calls", calls);
    }
    return msg;
  }

  private ObjectNode responseFormat(ResponseSchema schema) {
    ObjectNode strict;
    try {
      strict =
          StrictSchema.normalise(parseSchema(schema.json(), "response schema " + schema.name()));
    } catch (StrictSchema.StrictSchemaException e) {
      throw invalid("response schema " + schema.name() + ": " + e.getMessage());
    }
    ObjectNode format = WireJson.NODES.objectNode().put("type", "json_schema");
    format
        .putObject("json_schema")
        .put("name", schema.name())
        .put("strict", true)
        .set("schema", strict);
    return format;
  }

  private void encodeOptions(GenerationOptions o, ObjectNode body) {
    if (o.maxTokens() != null) {
      body.put(legacyMaxTokens ? "max_tokens" : "max_completion_tokens", o.maxTokens());
    }
    if (o.temperature() != null) {
      body.put("temperature", o.temperature());
    }
    if (o.topP() != null) {
      body.put("top_p", o.topP());
    }
    if (!o.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      o.stop().forEach(stop::add);
    }
    // A seed is a best-effort sampling hint: a server that takes none simply does not get it.
    if (o.seed() != null && seedParameter != null) {
      body.put(seedParameter, o.seed());
    }
    // A budget becomes the effort it stands for; a model that cannot reason refuses the field,
    // and the unsupported-parameter retry sends the request again without it.
    ReasoningEffort effort = o.effectiveReasoningEffort();
    if (effort != null) {
      body.put("reasoning_effort", effort.wireName());
    }
  }

  private JsonNode parseSchema(String json, String what) {
    try {
      JsonNode node = WireJson.readTree(json);
      if (node == null || !node.isObject()) {
        throw invalid(what + ": the schema is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw invalid(what + ": the schema is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private void requireOnly(Message m, Class<? extends Part> type, String what) {
    for (Part p : m.parts()) {
      if (!type.isInstance(p)) {
        throw invalid(what + " cannot hold " + kindOf(p));
      }
    }
  }

  /** What a part is, for the message that refuses it; shared with the Responses API's codec. */
  static String kindOf(Part p) {
    if (p instanceof Part.Text) {
      return "text";
    }
    if (p instanceof Part.ImagePart) {
      return "an image";
    }
    if (p instanceof Part.ToolCall) {
      return "a tool call";
    }
    if (p instanceof Part.Reasoning) {
      return "reasoning";
    }
    return "a tool result";
  }

  /** A request this protocol cannot express: the caller's mistake, so it fails fast. */
  private LlmException invalid(String message) {
    return LlmException.builder(ErrorKind.PERMANENT, "invalid request: " + message)
        .target(target)
        .build();
  }

  // ---------------------------------------------------------------- response

  Response decode(JsonNode root) {
    JsonNode error = root.get("error");
    if (error != null && error.isObject() && !root.has("choices")) {
      throw transport.streamError(-1, ChatCompletionsErrors.read(error), root.toString());
    }
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      throw transport.malformed("the reply has no choices", root.toString(), null);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw transport.malformed("the reply's choice has no message", root.toString(), null);
    }
    List<Part> parts = new ArrayList<>();
    String reasoning = reasoningText(message);
    if (reasoning != null) {
      parts.add(Part.Reasoning.text(reasoning, Part.Reasoning.OPENAI_COMPATIBLE));
    }
    String content = text(message, "content");
    String refusal = text(message, "refusal");
    if (content != null && !content.isEmpty()) {
      parts.add(Part.text(content));
    } else if (refusal != null && !refusal.isEmpty()) {
      parts.add(Part.text(refusal));
    }
    int index = 0;
    for (JsonNode call : message.path("tool_calls")) {
      Part.ToolCall decoded = toolCall(call, index++, root);
      if (decoded != null) {
        parts.add(decoded);
      }
    }
    FinishReason finish = finishReason(text(choice, "finish_reason"));
    if (refusal != null && !refusal.isEmpty() && (content == null || content.isEmpty())) {
      finish = FinishReason.CONTENT_FILTER;
    }
    boolean hasCalls = false;
    for (Part part : parts) {
      hasCalls |= part instanceof Part.ToolCall;
    }
    if (finish == null) {
      finish = hasCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
    return new Response(
        Message.assistant(parts),
        usage(root.get("usage")),
        finish,
        null,
        List.of(),
        nonEmpty(text(root, "id")),
        nonEmpty(text(root, "model")));
  }

  /**
   * The reasoning text some compatible servers add to a message or a delta, or {@code null}: {@code
   * reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (Ollama's OpenAI-compatible endpoint,
   * oai-compat-ollama-reasoning-field.json). OpenAI itself sends none on Chat Completions.
   */
  static String reasoningText(JsonNode message) {
    for (String field : new String[] {"reasoning_content", "reasoning"}) {
      JsonNode value = message.get(field);
      if (value != null && value.isTextual() && !value.asText().isEmpty()) {
        return value.asText();
      }
    }
    return null;
  }

  /**
   * {@code null} for an empty string: some compatible servers send {@code "id":""} (Azure's
   * content-filter chunk) where the field means nothing.
   */
  static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private Part.ToolCall toolCall(JsonNode call, int index, JsonNode root) {
    String type = text(call, "type");
    if (type != null && !type.equals("function")) {
      return null;
    }
    JsonNode function = call.path("function");
    String name = text(function, "name");
    if (name == null || name.isEmpty()) {
      throw transport.malformed("a tool call has no function name", root.toString(), null);
    }
    String id = text(call, "id");
    return new Part.ToolCall(
        id == null || id.isEmpty() ? "call_" + index : id,
        name,
        arguments(function.get("arguments")));
  }

  /** Arguments are a JSON string on the wire; some compatible servers send an object instead. */
  static String arguments(JsonNode node) {
    if (node == null || node.isNull()) {
      return "{}";
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  static FinishReason finishReason(String wire) {
    if (wire == null) {
      return null;
    }
    return switch (wire) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    return new Usage(
        count(usage.get("prompt_tokens")),
        count(usage.get("completion_tokens")),
        cachedTokens(usage),
        count(usage.path("completion_tokens_details").get("reasoning_tokens")),
        // Next to cached_tokens in recorded replies (wire capture oai-json-cached-tokens.json,
        // zero there: OpenAI caches on its own and does not bill writes).
        count(usage.path("prompt_tokens_details").get("cache_write_tokens")));
  }

  /**
   * OpenAI's {@code prompt_tokens_details.cached_tokens}, else DeepSeek's {@code
   * prompt_cache_hit_tokens} (https://api-docs.deepseek.com/guides/kv_cache): DeepSeek counts its
   * cache hits and misses apart, both part of {@code prompt_tokens}, and sends no details object.
   */
  private static long cachedTokens(JsonNode usage) {
    JsonNode cached = usage.path("prompt_tokens_details").get("cached_tokens");
    return cached != null && !cached.isNull()
        ? count(cached)
        : count(usage.get("prompt_cache_hit_tokens"));
  }

  private static long count(JsonNode n) {
    return n != null && n.canConvertToLong() && n.asLong() > 0 ? n.asLong() : 0;
  }

  /** A text field, or {@code null} when it is absent, {@code null} or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
