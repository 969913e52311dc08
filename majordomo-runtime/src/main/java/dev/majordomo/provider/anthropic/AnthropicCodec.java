package dev.majordomo.provider.anthropic;

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
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * The Messages API wire format: canonical {@link Request} to JSON and JSON replies back to a
 * canonical {@link Response}.
 *
 * <p>Structured output is sent as a forced tool (the "answer tool", named after the schema) rather
 * than the newer native {@code output_config.format}: the forced tool works on every Claude model
 * that takes tools, while the native form exists only on recent models. The answer tool's input is
 * returned as the reply's text, so callers see the same JSON text as from any other provider.
 */
final class AnthropicCodec {
  /** {@code max_tokens} is required by the API; this is sent when the caller sets no limit. */
  static final int DEFAULT_MAX_TOKENS = 4096;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicCodec() {}

  /**
   * The request body for {@code model}; {@code stream} sets {@code "stream": true}, and {@code
   * defaultMaxTokens} is the required {@code max_tokens} when the request's options set none.
   */
  static ObjectNode requestBody(
      String model, Request request, boolean stream, int defaultMaxTokens) {
    ObjectNode body = NODES.objectNode();
    body.put("model", model);
    GenerationOptions options = request.options();
    int maxTokens = options.maxTokens() != null ? options.maxTokens() : defaultMaxTokens;
    Integer budget = thinkingBudget(request);
    if (budget != null && maxTokens <= budget) {
      // The API requires max_tokens > budget_tokens (thinking counts towards max_tokens): the
      // answer keeps the room it was given, on top of the budget.
      long raised = (long) budget + maxTokens;
      if (raised > Integer.MAX_VALUE) {
        // An absurd setting, not a bug of ours: a typed error before any request, not an
        // ArithmeticException out of the provider.
        throw invalid(
            "max_tokens must exceed the thinking budget, and budget_tokens "
                + budget
                + " plus max_tokens "
                + maxTokens
                + " is more than the API can take");
      }
      maxTokens = (int) raised;
    }
    body.put("max_tokens", maxTokens);
    if (budget != null) {
      body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    }
    boolean thinking = budget != null;

    List<String> system = new ArrayList<>();
    ArrayNode messages = body.putArray("messages");
    Turn turn = null;
    int index = 0;
    for (Message message : request.messages()) {
      if (message.role() == dev.majordomo.llm.Role.SYSTEM) {
        system.add(systemText(message, index));
      } else {
        Turn next = Turn.of(message, index, thinking);
        if (next.isEmpty()) {
          index++;
          continue;
        }
        if (turn != null && turn.role.equals(next.role)) {
          turn.absorb(next);
        } else {
          if (turn != null) {
            messages.add(turn.toJson());
          }
          turn = next;
        }
      }
      index++;
    }
    if (turn != null) {
      messages.add(turn.toJson());
    }
    if (messages.isEmpty()) {
      throw invalid("the conversation has no user or assistant content to send");
    }
    if (system.size() == 1) {
      body.put("system", system.get(0));
    } else if (system.size() > 1) {
      ArrayNode blocks = body.putArray("system");
      system.forEach(text -> blocks.addObject().put("type", "text").put("text", text));
    }

    // Extended thinking refuses a temperature and a top_p below 0.95: with thinking on, neither is
    // sent (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking, "Feature
    // compatibility").
    if (options.temperature() != null && !thinking) {
      body.put("temperature", options.temperature());
    }
    if (options.topP() != null && !thinking) {
      body.put("top_p", options.topP());
    }
    if (!options.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      options.stop().forEach(stop::add);
    }
    // The Messages API has no seed: GenerationOptions.seed() is not sent.

    ResponseSchema schema = request.responseSchema();
    if (!request.tools().isEmpty() || schema != null) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        if (schema != null && tool.name().equals(schema.name())) {
          throw invalid(
              "the response schema '"
                  + schema.name()
                  + "' has the same name as a tool; Anthropic receives structured output as a tool"
                  + " of that name, so rename one of them");
        }
        tools
            .addObject()
            .put("name", tool.name())
            .put("description", tool.description())
            .set(
                "input_schema",
                WireJson.schemaObject(
                    tool.parametersSchema(), "tool '" + tool.name() + "'", "anthropic"));
      }
      if (schema != null) {
        tools
            .addObject()
            .put("name", schema.name())
            .put(
                "description",
                "Give your final answer by calling this tool. Its input is the answer and must"
                    + " follow the schema.")
            .set(
                "input_schema",
                WireJson.schemaObject(
                    schema.json(), "response schema '" + schema.name() + "'", "anthropic"));
        ObjectNode choice = body.putObject("tool_choice");
        if (request.tools().isEmpty()) {
          choice.put("type", "tool").put("name", schema.name());
        } else {
          // With real tools too, the model must call some tool: a real one, or the answer.
          choice.put("type", "any");
        }
      }
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  /**
   * The thinking budget {@code request} asks for, or {@code null} for no thinking: no reasoning
   * setting, the effort {@code none}, or structured output, which Anthropic receives as a forced
   * tool choice that extended thinking refuses (reasoning is then ignored, as on a model that
   * cannot reason).
   */
  static Integer thinkingBudget(Request request) {
    if (request.responseSchema() != null || lastToolTurnWithoutThinking(request)) {
      return null;
    }
    return request.options().effectiveReasoningBudgetTokens();
  }

  /**
   * Whether the last assistant turn made tool calls without a thinking block of Anthropic's (it
   * came from another provider after failover, or from a request without thinking): with thinking
   * on, the API refuses such a turn ("a final assistant message must start with a thinking block"),
   * so that request is sent without thinking, as the API's guide advises for a tool loop that
   * cannot give its thinking back.
   */
  private static boolean lastToolTurnWithoutThinking(Request request) {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message message = messages.get(i);
      if (message.role() != dev.majordomo.llm.Role.ASSISTANT) {
        continue;
      }
      if (message.toolCalls().isEmpty()) {
        return false;
      }
      for (Part part : message.parts()) {
        if (part instanceof Part.Reasoning r
            && r.isFrom(Part.Reasoning.ANTHROPIC)
            && (r.isRedacted() || r.signature() != null)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The name of the answer tool for {@code request}, or {@code null} without structured output. */
  static String answerTool(Request request) {
    return request.responseSchema() == null ? null : request.responseSchema().name();
  }

  /** A non-streaming reply. */
  static Response parseResponse(JsonNode root, String answerTool, HttpTransport transport) {
    JsonNode content = root.path("content");
    if (!root.isObject() || !content.isArray()) {
      throw transport.malformed("the reply has no content array", root.toString(), null);
    }
    List<Part> reasoning = new ArrayList<>();
    List<Part> texts = new ArrayList<>();
    List<Part> calls = new ArrayList<>();
    String answer = null;
    for (JsonNode block : content) {
      String type = block.path("type").asText("");
      if (type.equals("thinking")) {
        reasoning.add(
            Part.Reasoning.anthropic(block.path("thinking").asText(""), text(block, "signature")));
      } else if (type.equals("redacted_thinking")) {
        reasoning.add(Part.Reasoning.anthropicRedacted(block.path("data").asText("")));
      } else if (type.equals("text")) {
        String text = block.path("text").asText("");
        if (!text.isEmpty()) {
          texts.add(Part.text(text));
        }
      } else if (type.equals("tool_use")) {
        String name = block.path("name").asText("");
        String input = block.hasNonNull("input") ? block.get("input").toString() : "{}";
        if (name.equals(answerTool)) {
          answer = input;
        } else {
          calls.add(toolCall(block.path("id").asText(""), name, input, transport));
        }
      }
      // server-tool blocks carry nothing the canonical reply holds.
    }
    // Thinking first, as the API sent it: it must go back in that place.
    List<Part> parts = new ArrayList<>(reasoning);
    if (calls.isEmpty() && answer != null) {
      parts.add(Part.text(answer));
    } else {
      parts.addAll(texts);
      parts.addAll(calls);
    }
    String stopReason = root.path("stop_reason").asText(null);
    return new Response(
        Message.assistant(parts),
        usage(root.path("usage"), Usage.NONE),
        finishReason(stopReason, !calls.isEmpty()),
        null,
        List.of(),
        text(root, "id"),
        text(root, "model"));
  }

  /** A non-empty string field of {@code node} ({@code id}, {@code model}), else {@code null}. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  static Part.ToolCall toolCall(
      String id, String name, String argumentsJson, HttpTransport transport) {
    if (id.isEmpty() || name.isEmpty()) {
      throw transport.malformed("a tool_use block lacks its id or name", null, null);
    }
    return new Part.ToolCall(id, name, argumentsJson);
  }

  /**
   * Usage from a {@code usage} object. Fields that are absent keep their value from {@code base}
   * (streams report input counts in {@code message_start} and cumulative counts in {@code
   * message_delta}, which may leave some out).
   *
   * <p>The API counts cache writes ({@code cache_creation_input_tokens}) and cache reads ({@code
   * cache_read_input_tokens}) apart from {@code input_tokens}; the canonical input count is their
   * sum, the whole prompt, as OpenTelemetry's GenAI conventions define {@code
   * gen_ai.usage.input_tokens} for Anthropic.
   */
  static Usage usage(JsonNode usage, Usage base) {
    if (!usage.isObject()) {
      return base;
    }
    long baseRead = base.cachedTokens();
    long baseWrite = base.cacheWriteTokens();
    long baseUncached = Math.max(0, base.inputTokens() - baseRead - baseWrite);
    long uncached = count(usage, "input_tokens", baseUncached);
    long cacheWrite = count(usage, "cache_creation_input_tokens", baseWrite);
    long cacheRead = count(usage, "cache_read_input_tokens", baseRead);
    long input = Usage.saturatedSum(Usage.saturatedSum(uncached, cacheWrite), cacheRead);
    // Newer models report the thinking share of output_tokens (ant-json-thinking-tokens.json).
    long thinking =
        count(usage.path("output_tokens_details"), "thinking_tokens", base.reasoningTokens());
    return new Usage(
        input, count(usage, "output_tokens", base.outputTokens()), cacheRead, thinking, cacheWrite);
  }

  private static long count(JsonNode node, String field, long fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : Math.max(0, value.asLong(0));
  }

  /**
   * Maps {@code stop_reason}; {@code tool_use} means tool calls only when real calls are present.
   */
  static FinishReason finishReason(String stopReason, boolean hasToolCalls) {
    if (stopReason == null) {
      return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.OTHER;
    }
    return switch (stopReason) {
      case "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "tool_use" -> hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "refusal" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  private static String systemText(Message message, int index) {
    for (Part part : message.parts()) {
      if (!(part instanceof Part.Text)) {
        throw invalid(
            "message "
                + index
                + " is a system message with a "
                + WireJson.partKind(part)
                + "; Anthropic system prompts take text only");
      }
    }
    return message.text();
  }

  /** One wire message being built; tool results always go first, as the API requires. */
  private static final class Turn {
    final String role;
    final List<JsonNode> results = new ArrayList<>();
    final List<JsonNode> blocks = new ArrayList<>();

    private Turn(String role) {
      this.role = role;
    }

    /**
     * @param thinking whether the request turns extended thinking on: only then are Anthropic's own
     *     thinking blocks replayed (reasoning from other wires never is)
     */
    static Turn of(Message message, int index, boolean thinking) {
      boolean assistant = message.role() == dev.majordomo.llm.Role.ASSISTANT;
      Turn turn = new Turn(assistant ? "assistant" : "user");
      for (Part part : message.parts()) {
        if (part instanceof Part.Reasoning r) {
          if (assistant && thinking && r.isFrom(Part.Reasoning.ANTHROPIC)) {
            ObjectNode block = thinkingBlock(r);
            if (block != null) {
              turn.blocks.add(block);
            }
          }
        } else if (part instanceof Part.Text t) {
          // The API rejects empty text blocks.
          if (!t.text().isEmpty()) {
            turn.blocks.add(NODES.objectNode().put("type", "text").put("text", t.text()));
          }
        } else if (part instanceof Part.ImagePart i && !assistant) {
          turn.blocks.add(image(i.image()));
        } else if (part instanceof Part.ToolCall c && assistant) {
          ObjectNode block =
              NODES.objectNode().put("type", "tool_use").put("id", c.id()).put("name", c.name());
          block.set("input", WireJson.argumentsObject(c.argumentsJson()));
          turn.blocks.add(block);
        } else if (part instanceof Part.ToolResult r && !assistant) {
          ObjectNode block =
              NODES.objectNode().put("type", "tool_result").put("tool_use_id", r.callId());
          if (r.images().isEmpty()) {
            // The same text as on every other provider, besides the is_error flag.
            block.put("content", r.modelText());
          } else {
            // A tool that returned images: its text, then each image, as content blocks.
            ArrayNode content = block.putArray("content");
            if (!r.modelText().isEmpty()) {
              content.add(NODES.objectNode().put("type", "text").put("text", r.modelText()));
            }
            for (Image image : r.images()) {
              content.add(image(image));
            }
          }
          if (r.isError()) {
            block.put("is_error", true);
          }
          turn.results.add(block);
        } else {
          throw invalid(
              "message "
                  + index
                  + " ("
                  + message.role()
                  + ") holds a "
                  + WireJson.partKind(part)
                  + ", which Anthropic does not accept in a "
                  + turn.role
                  + " turn");
        }
      }
      return turn;
    }

    /**
     * The block that gives Anthropic its thinking back unchanged, or {@code null} for thinking
     * without a signature, which the API would refuse.
     */
    private static ObjectNode thinkingBlock(Part.Reasoning r) {
      if (r.isRedacted()) {
        return NODES.objectNode().put("type", "redacted_thinking").put("data", r.redactedData());
      }
      if (r.signature() == null) {
        return null;
      }
      return NODES
          .objectNode()
          .put("type", "thinking")
          .put("thinking", r.text())
          .put("signature", r.signature());
    }

    boolean isEmpty() {
      return results.isEmpty() && blocks.isEmpty();
    }

    void absorb(Turn next) {
      results.addAll(next.results);
      blocks.addAll(next.blocks);
    }

    ObjectNode toJson() {
      ObjectNode message = NODES.objectNode().put("role", role);
      ArrayNode content = message.putArray("content");
      content.addAll(results);
      content.addAll(blocks);
      return message;
    }
  }

  static ObjectNode image(Image image) {
    ObjectNode block = NODES.objectNode().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (image.isUrl()) {
      source.put("type", "url").put("url", image.url().orElseThrow().toString());
    } else {
      source
          .put("type", "base64")
          .put("media_type", image.mimeType().orElseThrow())
          .put("data", image.base64().orElseThrow());
    }
    return block;
  }

  static LlmException invalid(String message) {
    return LlmException.builder(ErrorKind.PERMANENT, "anthropic: " + message).build();
  }
}
