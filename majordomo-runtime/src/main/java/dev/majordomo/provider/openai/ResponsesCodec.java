package dev.majordomo.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
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
import java.util.Locale;

/**
 * Maps the canonical contract to OpenAI's Responses API ({@code POST /v1/responses},
 * https://platform.openai.com/docs/api-reference/responses) and back. Every request is stateless
 * ({@code store: false}, no {@code previous_response_id}): the whole conversation goes out as input
 * items each time, so any other target of a chain can take the conversation over. Stateless apart
 * from its configuration; thread-safe.
 */
final class ResponsesCodec {
  /** What OpenAI needs to hand back reasoning items that a stateless request can replay. */
  static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";

  private final Target target;
  private final HttpTransport transport;
  private final ImageLimits imageLimits;
  private final boolean downscaleImages;

  ResponsesCodec(
      Target target, HttpTransport transport, ImageLimits imageLimits, boolean downscaleImages) {
    this.target = target;
    this.transport = transport;
    this.imageLimits = imageLimits;
    this.downscaleImages = downscaleImages;
  }

  // ---------------------------------------------------------------- request

  /** The request body for {@code model}; {@code stream} asks for the event stream. */
  ObjectNode encode(Request request, String model, boolean stream) {
    ObjectNode body = WireJson.NODES.objectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    List<Image> sent = new ArrayList<>();
    for (Message m : request.messages()) {
      encodeMessage(m, input, sent);
    }
    imageLimits.checkRequest(sent);
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition t : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").put("name", t.name());
        if (!t.description().isBlank()) {
          function.put("description", t.description());
        }
        function.set("parameters", parseSchema(t.parametersSchema(), "tool " + t.name()));
        // The Responses API makes function tools strict unless told: a tool's schema is the
        // user's, not normalised to the strict subset, so it is sent as Chat Completions sends it.
        function.put("strict", false);
      }
    }
    request.schema().ifPresent(s -> body.putObject("text").set("format", textFormat(s)));
    encodeOptions(request.options(), body);
    if (reasons(model)) {
      encodeReasoning(request.options(), body);
    }
    // Never rely on state kept by the server: a chain may move the conversation to any target.
    body.put("store", false);
    if (reasons(model)) {
      // Without it a stateless request gets reasoning items it cannot send back.
      body.putArray("include").add(ENCRYPTED_REASONING);
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  /**
   * Whether {@code model} is one of OpenAI's reasoning families (o-series, gpt-5, codex), whose
   * reasoning items are asked for encrypted so they can be replayed. Other models refuse {@code
   * include: ["reasoning.encrypted_content"]}, so it is sent only to these.
   */
  static boolean reasons(String model) {
    String id = model.toLowerCase(Locale.ROOT);
    if (id.startsWith("ft:")) {
      id = id.substring(3);
    }
    return id.matches("o[1-9].*") || id.startsWith("gpt-5") || id.startsWith("codex");
  }

  private void encodeMessage(Message m, ArrayNode out, List<Image> sent) {
    switch (m.role()) {
      case SYSTEM -> {
        requireOnly(m, Part.Text.class, "a system message");
        out.addObject().put("type", "message").put("role", "system").set("content", textContent(m));
      }
      case USER -> out.add(userMessage(m, sent));
      case ASSISTANT -> assistantItems(m, out);
      case TOOL -> {
        requireOnly(m, Part.ToolResult.class, "a tool message");
        for (Part p : m.parts()) {
          out.add(toolOutput((Part.ToolResult) p, sent));
        }
      }
    }
  }

  /**
   * A {@code function_call_output} item, matched to its call by {@code call_id}. A result with
   * images sends its text and images together as the output's content list, which the Responses API
   * accepts where Chat Completions needs an extra user message.
   */
  private ObjectNode toolOutput(Part.ToolResult r, List<Image> sent) {
    ObjectNode item =
        WireJson.NODES.objectNode().put("type", "function_call_output").put("call_id", r.callId());
    if (r.images().isEmpty()) {
      // No error flag on the wire: modelText says it in the text, as every provider sends it.
      item.put("output", r.modelText());
      return item;
    }
    ArrayNode output = item.putArray("output");
    output.addObject().put("type", "input_text").put("text", r.modelText());
    for (Image i : r.images()) {
      output.add(inputImage(i, sent));
    }
    return item;
  }

  private ObjectNode inputImage(Image original, List<Image> sent) {
    Image image = imageLimits.fit(original, downscaleImages);
    sent.add(image);
    String url =
        image.isUrl()
            ? image.url().orElseThrow().toString()
            : "data:" + image.mimeType().orElseThrow() + ";base64," + image.base64().orElseThrow();
    return WireJson.NODES
        .objectNode()
        .put("type", "input_image")
        .put("image_url", url)
        .put("detail", "auto");
  }

  private ObjectNode userMessage(Message m, List<Image> sent) {
    ObjectNode msg = WireJson.NODES.objectNode().put("type", "message").put("role", "user");
    if (!m.hasImages()) {
      requireOnly(m, Part.Text.class, "a user message");
      msg.set("content", textContent(m));
      return msg;
    }
    ArrayNode content = msg.putArray("content");
    for (Part p : m.parts()) {
      if (p instanceof Part.Text t) {
        content.addObject().put("type", "input_text").put("text", t.text());
      } else if (p instanceof Part.ImagePart i) {
        content.add(inputImage(i.image(), sent));
      } else {
        throw invalid(
            "a user message can hold text and images only, found "
                + ChatCompletionsCodec.kindOf(p));
      }
    }
    return msg;
  }

  /**
   * One text part as a string (the common form); several as {@code input_text} parts, kept apart.
   */
  private static JsonNode textContent(Message m) {
    if (m.parts().size() == 1) {
      return WireJson.NODES.textNode(m.text());
    }
    ArrayNode parts = WireJson.NODES.arrayNode();
    for (Part p : m.parts()) {
      parts.addObject().put("type", "input_text").put("text", ((Part.Text) p).text());
    }
    return parts;
  }

  /**
   * An assistant turn as output items in their order: its text as one assistant message, each tool
   * call as a {@code function_call} item.
   */
  private void assistantItems(Message m, ArrayNode out) {
    StringBuilder text = new StringBuilder();
    List<ObjectNode> items = new ArrayList<>();
    int textAt = -1;
    for (Part p : m.parts()) {
      if (p instanceof Part.Text t) {
        if (textAt < 0) {
          textAt = items.size();
          items.add(null);
        }
        text.append(t.text());
      } else if (p instanceof Part.Reasoning r) {
        reasoningItem(r).ifPresent(items::add);
      } else if (p instanceof Part.ToolCall c) {
        items.add(
            WireJson.NODES
                .objectNode()
                .put("type", "function_call")
                .put("call_id", c.id())
                .put("name", c.name())
                .put("arguments", c.argumentsJson()));
      } else {
        throw invalid(
            "an assistant message can hold text, reasoning and tool calls only, found "
                + ChatCompletionsCodec.kindOf(p));
      }
    }
    if (items.isEmpty()) {
      textAt = 0;
      items.add(null);
    }
    for (int i = 0; i < items.size(); i++) {
      out.add(
          i == textAt
              ? WireJson.NODES
                  .objectNode()
                  .put("type", "message")
                  .put("role", "assistant")
                  .put("content", text.toString())
              : items.get(i));
    }
  }

  /**
   * A reasoning item to send back: only one this API produced with its encrypted content (a request
   * with {@code store: false} cannot refer to an item by id alone). Reasoning from any other wire
   * is dropped, as its origin rule says.
   */
  private static java.util.Optional<ObjectNode> reasoningItem(Part.Reasoning r) {
    if (!r.isFrom(Part.Reasoning.OPENAI_RESPONSES) || r.id() == null || r.signature() == null) {
      return java.util.Optional.empty();
    }
    ObjectNode item = WireJson.NODES.objectNode().put("type", "reasoning").put("id", r.id());
    ArrayNode summary = item.putArray("summary");
    if (!r.text().isEmpty()) {
      summary.addObject().put("type", "summary_text").put("text", r.text());
    }
    item.put("encrypted_content", r.signature());
    return java.util.Optional.of(item);
  }

  private ObjectNode textFormat(ResponseSchema schema) {
    ObjectNode strict;
    try {
      strict =
          StrictSchema.normalise(parseSchema(schema.json(), "response schema " + schema.name()));
    } catch (StrictSchema.StrictSchemaException e) {
      throw invalid("response schema " + schema.name() + ": " + e.getMessage());
    }
    ObjectNode format =
        WireJson.NODES
            .objectNode()
            .put("type", "json_schema")
            .put("name", schema.name())
            .put("strict", true);
    format.set("schema", strict);
    return format;
  }

  /**
   * {@code reasoning: {effort}} from the reasoning option (a budget becomes its effort), with
   * {@code summary: "auto"} when thinking is asked for, so that the reply carries text to show.
   * Sent to reasoning families only: other models refuse the parameter, and the option is ignored
   * for them.
   */
  private static void encodeReasoning(GenerationOptions o, ObjectNode body) {
    dev.majordomo.llm.ReasoningEffort effort = o.effectiveReasoningEffort();
    if (effort == null) {
      return;
    }
    ObjectNode reasoning = body.putObject("reasoning").put("effort", effort.wireName());
    if (o.reasoningRequested()) {
      reasoning.put("summary", "auto");
    }
  }

  private void encodeOptions(GenerationOptions o, ObjectNode body) {
    if (!o.stop().isEmpty()) {
      // The Responses API has no stop sequences; ignoring them would change the reply.
      throw LlmException.builder(
              ErrorKind.CANNOT_SERVE,
              "the Responses API has no stop sequences: use api=chat for this target")
          .target(target)
          .build();
    }
    if (o.maxTokens() != null) {
      body.put("max_output_tokens", o.maxTokens());
    }
    if (o.temperature() != null) {
      body.put("temperature", o.temperature());
    }
    if (o.topP() != null) {
      body.put("top_p", o.topP());
    }
    // No seed on this API: a seed asks for best-effort determinism, so it is left out.
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
        throw invalid(what + " cannot hold " + ChatCompletionsCodec.kindOf(p));
      }
    }
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
    String status = ChatCompletionsCodec.text(root, "status");
    if (error != null && error.isObject()) {
      throw transport.streamError(-1, error(error), root.toString());
    }
    if ("failed".equals(status)) {
      throw transport.streamError(
          -1, new ProviderError(null, "the response failed"), root.toString());
    }
    JsonNode output = root.get("output");
    if (output == null || !output.isArray()) {
      throw transport.malformed("the reply has no output", root.toString(), null);
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    boolean refused = false;
    boolean calls = false;
    for (JsonNode item : output) {
      String type = ChatCompletionsCodec.text(item, "type");
      if ("message".equals(type)) {
        for (JsonNode content : item.path("content")) {
          String kind = ChatCompletionsCodec.text(content, "type");
          if ("output_text".equals(kind)) {
            text.append(nullToEmpty(ChatCompletionsCodec.text(content, "text")));
          } else if ("refusal".equals(kind)) {
            refused = true;
            text.append(nullToEmpty(ChatCompletionsCodec.text(content, "refusal")));
          }
        }
      } else if ("function_call".equals(type)) {
        flushText(text, parts);
        parts.add(functionCall(item, root.toString()));
        calls = true;
      } else if ("reasoning".equals(type)) {
        flushText(text, parts);
        parts.add(reasoning(item));
      }
    }
    flushText(text, parts);
    FinishReason finish = finishReason(status, root.path("incomplete_details"), calls);
    if (refused && finish == FinishReason.STOP) {
      finish = FinishReason.CONTENT_FILTER;
    }
    return new Response(
        Message.assistant(parts),
        usage(root.get("usage")),
        finish,
        null,
        List.of(),
        ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(root, "id")),
        ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(root, "model")));
  }

  private static void flushText(StringBuilder text, List<Part> parts) {
    if (text.length() > 0) {
      parts.add(Part.text(text.toString()));
      text.setLength(0);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A {@code function_call} output item; its {@code call_id} is what the output item answers. */
  Part.ToolCall functionCall(JsonNode item, String raw) {
    String name = ChatCompletionsCodec.text(item, "name");
    String callId = ChatCompletionsCodec.text(item, "call_id");
    if (name == null || name.isEmpty()) {
      throw transport.malformed("a function_call item has no name", raw, null);
    }
    if (callId == null || callId.isEmpty()) {
      throw transport.malformed("function_call " + name + " has no call_id", raw, null);
    }
    return new Part.ToolCall(callId, name, ChatCompletionsCodec.arguments(item.get("arguments")));
  }

  /**
   * A {@code reasoning} output item: its summaries (or, from models that show it, its reasoning
   * text) as the text, joined by blank lines; {@code encrypted_content} as the signature to replay.
   */
  static Part.Reasoning reasoning(JsonNode item) {
    StringBuilder text = new StringBuilder();
    JsonNode pieces = item.path("summary");
    if (pieces.isEmpty()) {
      pieces = item.path("content");
    }
    for (JsonNode piece : pieces) {
      String t = ChatCompletionsCodec.text(piece, "text");
      if (t != null && !t.isEmpty()) {
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(t);
      }
    }
    return new Part.Reasoning(
        text.toString(),
        ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(item, "encrypted_content")),
        null,
        Part.Reasoning.OPENAI_RESPONSES,
        ChatCompletionsCodec.nonEmpty(ChatCompletionsCodec.text(item, "id")));
  }

  /**
   * The finish reason from the response's {@code status} and {@code incomplete_details.reason}
   * ({@code max_output_tokens} or {@code content_filter}); {@code completed} is a stop, or tool
   * calls when the output has some.
   */
  static FinishReason finishReason(String status, JsonNode incompleteDetails, boolean calls) {
    if ("incomplete".equals(status)) {
      String reason = ChatCompletionsCodec.text(incompleteDetails, "reason");
      if ("max_output_tokens".equals(reason)) {
        return FinishReason.LENGTH;
      }
      if ("content_filter".equals(reason)) {
        return FinishReason.CONTENT_FILTER;
      }
      return FinishReason.OTHER;
    }
    if (status == null || "completed".equals(status)) {
      return calls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
    return FinishReason.OTHER;
  }

  /** {@code usage}: input, output, cached input and reasoning output tokens. */
  static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    return new Usage(
        count(usage.get("input_tokens")),
        count(usage.get("output_tokens")),
        count(usage.path("input_tokens_details").get("cached_tokens")),
        count(usage.path("output_tokens_details").get("reasoning_tokens")));
  }

  private static long count(JsonNode n) {
    return n != null && n.canConvertToLong() && n.asLong() > 0 ? n.asLong() : 0;
  }

  /**
   * A response's {@code error} ({@code {"code","message"}}) or a stream's {@code error} event
   * ({@code {"type":"error","code","message","param"}}): the code when present, else the type.
   */
  static ProviderError error(JsonNode error) {
    String code = ChatCompletionsCodec.text(error, "code");
    if (code == null || code.isEmpty()) {
      String type = ChatCompletionsCodec.text(error, "type");
      code = "error".equals(type) ? null : type;
    }
    return new ProviderError(code, ChatCompletionsCodec.text(error, "message"));
  }
}
