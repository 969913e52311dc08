package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Each provider's reply parser and stream decoder, fed random frames built from its protocol's
 * vocabulary (right shapes, wrong shapes, missing fields, error events, garbage): a reply parses or
 * fails with an {@link LlmException}; a stream ends with exactly one {@code Done} as its last event
 * or fails with an {@link LlmException}, after which it is over. Never a {@code
 * NullPointerException}, an index error, a class cast or a hang.
 */
class ProviderWireFuzzTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ResponseSchema SCHEMA =
      new ResponseSchema(
          "City",
          "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
              + "\"required\":[\"name\"],\"additionalProperties\":false}");
  private static final ToolDefinition TOOL =
      new ToolDefinition("weather", "the weather", "{\"type\":\"object\",\"properties\":{}}");

  /** The wire protocols under test. */
  enum Api {
    OPENAI(new OpenAiProvider(), "gpt-4o-mini", true),
    ANTHROPIC(new AnthropicProvider(), "claude-sonnet-4-5", true),
    OLLAMA(new OllamaProvider(), "llama3.2", false),
    RESPONSES(new OpenAiProvider(), "o4-mini", true, Map.of("api", "responses"));

    final Provider provider;
    final String model;
    final boolean sse;
    final Map<String, String> parameters;

    Api(Provider provider, String model, boolean sse) {
      this(provider, model, sse, Map.of());
    }

    Api(Provider provider, String model, boolean sse, Map<String, String> parameters) {
      this.provider = provider;
      this.model = model;
      this.sse = sse;
      this.parameters = parameters;
    }

    Model open(byte[] body, int status) {
      CannedHttp.Reply reply =
          new CannedHttp.Reply(
              status,
              sse ? "text/event-stream" : "application/x-ndjson",
              body,
              List.of(7, 64, 1, 300));
      ModelSpec spec =
          new ModelSpec(
              provider.scheme(),
              Secret.of("tok-123456"),
              "canned.invalid",
              -1,
              model,
              null,
              null,
              null,
              parameters);
      return provider.open(spec, new Context(CannedHttp.client(request -> reply)));
    }
  }

  @Property(tries = 1500)
  void streamsEndWithOneDoneOrATypedError(
      @ForAll Api wire, @ForAll("requests") Request request, @ForAll("seeds") long seed) {
    byte[] body = streamBody(wire, seed);
    Model model = wire.open(body, 200);
    Guard.Outcome<List<StreamEvent>> outcome =
        Guard.run(
            wire + " " + new String(body, StandardCharsets.UTF_8),
            () -> {
              List<StreamEvent> events = new ArrayList<>();
              ResponseStream stream = model.stream(request);
              try {
                while (stream.hasNext()) {
                  events.add(stream.next());
                }
              } catch (LlmException e) {
                assertThat(stream.hasNext()).as("a failed stream is over").isFalse();
                throw e;
              } finally {
                stream.close();
              }
              return events;
            },
            LlmException.class);
    if (!outcome.failed()) {
      List<StreamEvent> events = outcome.value();
      assertThat(events).isNotEmpty();
      assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Done.class);
      assertThat(events.stream().filter(StreamEvent.Done.class::isInstance)).hasSize(1);
    }
    Guard.run(
        "collect " + wire,
        () -> wire.open(body, 200).stream(request).collect().message(),
        LlmException.class);
  }

  @Property(tries = 1000)
  void repliesParseOrFailWithATypedError(
      @ForAll Api wire,
      @ForAll("requests") Request request,
      @ForAll("replies") String body,
      @ForAll("statuses") int status) {
    Model model = wire.open(body.getBytes(StandardCharsets.UTF_8), status);
    Guard.Outcome<Response> outcome =
        Guard.run(wire + " " + status + " " + body, () -> model.call(request), LlmException.class);
    if (!outcome.failed()) {
      assertThat(status).isBetween(200, 299);
      assertThat(outcome.value().message()).isNotNull();
      assertThat(outcome.value().finishReason()).isNotNull();
    } else if (status >= 300) {
      assertThat(outcome.error().getMessage()).contains("HTTP " + status);
    }
  }

  // ---- frames ----

  private static byte[] streamBody(Api wire, long seed) {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder out = new StringBuilder();
    int frames = random.nextInt(12);
    for (int i = 0; i < frames; i++) {
      JsonNode frame = frame(wire, random);
      String data =
          random.nextInt(20) == 0 ? garbage(random) : frame == null ? "[DONE]" : frame.toString();
      if (wire.sse) {
        if ((wire == Api.ANTHROPIC || wire == Api.RESPONSES)
            && frame != null
            && random.nextBoolean()) {
          out.append("event: ").append(frame.path("type").asText("x")).append('\n');
        }
        out.append("data: ").append(data).append("\n\n");
      } else {
        out.append(data).append('\n');
      }
    }
    if (random.nextInt(4) == 0) {
      out.setLength(random.nextInt(out.length() + 1));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One frame; {@code null} for OpenAI's {@code [DONE]}. */
  private static JsonNode frame(Api wire, java.util.Random r) {
    return switch (wire) {
      case OPENAI -> openAiChunk(r);
      case ANTHROPIC -> anthropicEvent(r);
      case OLLAMA -> ollamaLine(r);
      case RESPONSES -> responsesEvent(r);
    };
  }

  /** A Responses API event (its typed events, any of them now and then out of place). */
  private static JsonNode responsesEvent(java.util.Random r) {
    if (r.nextInt(15) == 0) {
      return null;
    }
    String type =
        oneOf(
                r,
                "response.created",
                "response.output_text.delta",
                "response.refusal.delta",
                "response.reasoning_summary_text.delta",
                "response.output_item.added",
                "response.function_call_arguments.delta",
                "response.output_item.done",
                "response.completed",
                "response.incomplete",
                "response.failed",
                "error",
                "x")
            .asText();
    ObjectNode event = NODES.objectNode();
    put(r, event, "type", () -> NODES.textNode(type));
    put(r, event, "output_index", () -> NODES.numberNode(r.nextInt(3) - 1));
    put(r, event, "delta", () -> text(r));
    put(r, event, "code", () -> oneOf(r, "server_error", "rate_limit_exceeded", "x"));
    put(r, event, "message", () -> text(r));
    ObjectNode item = NODES.objectNode();
    put(r, item, "type", () -> oneOf(r, "function_call", "reasoning", "message", "x"));
    put(r, item, "id", () -> text(r));
    put(r, item, "call_id", () -> text(r));
    put(r, item, "name", () -> oneOf(r, "weather", "other"));
    put(r, item, "arguments", () -> oneOf(r, "{\"city\":1}", "{}", "]"));
    put(r, item, "summary", () -> NODES.arrayNode().add(obj(r, "type", "text")));
    put(r, item, "encrypted_content", () -> text(r));
    put(r, event, "item", () -> item);
    ObjectNode response = NODES.objectNode();
    put(r, response, "id", () -> text(r));
    put(r, response, "status", () -> oneOf(r, "completed", "incomplete", "failed", "x"));
    put(r, response, "incomplete_details", () -> obj(r, "reason"));
    put(r, response, "error", () -> obj(r, "code", "message"));
    put(
        r,
        response,
        "usage",
        () -> {
          ObjectNode usage = obj(r, "input_tokens", "output_tokens");
          put(r, usage, "input_tokens_details", () -> obj(r, "cached_tokens"));
          put(r, usage, "output_tokens_details", () -> obj(r, "reasoning_tokens"));
          return usage;
        });
    put(r, event, "response", () -> response);
    return event;
  }

  private static JsonNode openAiChunk(java.util.Random r) {
    int pick = r.nextInt(10);
    if (pick == 0) {
      return null;
    }
    if (pick == 1) {
      ObjectNode error = NODES.objectNode();
      put(r, error, "error", () -> obj(r, "message", "code", "type"));
      return error;
    }
    ObjectNode chunk = NODES.objectNode();
    ObjectNode choice = NODES.objectNode();
    put(r, choice, "index", () -> NODES.numberNode(r.nextInt(3) - 1));
    ObjectNode delta = NODES.objectNode();
    put(r, delta, "content", () -> text(r));
    put(r, delta, "refusal", () -> text(r));
    put(
        r,
        delta,
        "tool_calls",
        () -> {
          ArrayNode calls = NODES.arrayNode();
          for (int i = r.nextInt(3); i > 0; i--) {
            ObjectNode call = NODES.objectNode();
            put(r, call, "index", () -> NODES.numberNode(r.nextInt(4) - 1));
            put(r, call, "id", () -> text(r));
            ObjectNode function = NODES.objectNode();
            put(r, function, "name", () -> text(r));
            put(r, function, "arguments", () -> text(r));
            put(r, call, "function", () -> function);
            calls.add(call);
          }
          return calls;
        });
    put(r, choice, "delta", () -> delta);
    put(r, choice, "finish_reason", () -> oneOf(r, "stop", "tool_calls", "length", "x"));
    put(r, chunk, "choices", () -> NODES.arrayNode().add(choice));
    put(r, chunk, "usage", () -> obj(r, "prompt_tokens", "completion_tokens", "total_tokens"));
    return chunk;
  }

  private static JsonNode anthropicEvent(java.util.Random r) {
    String type =
        oneOf(
                r,
                "message_start",
                "content_block_start",
                "content_block_delta",
                "content_block_stop",
                "message_delta",
                "message_stop",
                "ping",
                "error",
                "x")
            .asText();
    ObjectNode event = NODES.objectNode();
    put(r, event, "type", () -> NODES.textNode(type));
    put(r, event, "index", () -> NODES.numberNode(r.nextInt(3) - 1));
    switch (type) {
      case "message_start" ->
          put(
              r,
              event,
              "message",
              () -> NODES.objectNode().set("usage", obj(r, "input_tokens", "output_tokens")));
      case "content_block_start" -> {
        ObjectNode block = NODES.objectNode();
        put(r, block, "type", () -> oneOf(r, "text", "tool_use", "thinking"));
        put(r, block, "text", () -> text(r));
        put(r, block, "id", () -> text(r));
        put(r, block, "name", () -> oneOf(r, "weather", "City", "other"));
        put(r, block, "input", () -> obj(r, "city"));
        put(r, event, "content_block", () -> block);
      }
      case "content_block_delta" -> {
        ObjectNode delta = NODES.objectNode();
        put(r, delta, "type", () -> oneOf(r, "text_delta", "input_json_delta", "x"));
        put(r, delta, "text", () -> text(r));
        put(r, delta, "partial_json", () -> oneOf(r, "{\"ci", "ty\":1}", "{}", "]"));
        put(r, event, "delta", () -> delta);
      }
      case "message_delta" -> {
        put(r, event, "delta", () -> obj(r, "stop_reason"));
        put(r, event, "usage", () -> obj(r, "output_tokens"));
      }
      case "error" -> put(r, event, "error", () -> obj(r, "type", "message"));
      default -> {}
    }
    return event;
  }

  private static JsonNode ollamaLine(java.util.Random r) {
    ObjectNode line = NODES.objectNode();
    if (r.nextInt(12) == 0) {
      put(r, line, "error", () -> text(r));
    }
    ObjectNode message = NODES.objectNode();
    put(r, message, "role", () -> oneOf(r, "assistant", "x"));
    put(r, message, "content", () -> text(r));
    put(
        r,
        message,
        "tool_calls",
        () -> {
          ArrayNode calls = NODES.arrayNode();
          for (int i = r.nextInt(3); i > 0; i--) {
            ObjectNode function = NODES.objectNode();
            put(r, function, "name", () -> text(r));
            put(r, function, "arguments", () -> obj(r, "city"));
            ObjectNode call = NODES.objectNode();
            put(r, call, "id", () -> text(r));
            put(r, call, "function", () -> function);
            calls.add(call);
          }
          return calls;
        });
    put(r, line, "message", () -> message);
    put(r, line, "done", () -> NODES.booleanNode(r.nextInt(4) == 0));
    put(r, line, "done_reason", () -> oneOf(r, "stop", "length", "load"));
    put(r, line, "prompt_eval_count", () -> number(r));
    put(r, line, "eval_count", () -> number(r));
    return line;
  }

  /** Sets {@code key} most of the time: to the right shape, or now and then to any JSON value. */
  private static void put(
      java.util.Random r, ObjectNode node, String key, java.util.function.Supplier<JsonNode> v) {
    int pick = r.nextInt(10);
    if (pick < 6) {
      node.set(key, v.get());
    } else if (pick < 8) {
      node.set(key, anyValue(r, 2));
    }
  }

  private static ObjectNode obj(java.util.Random r, String... keys) {
    ObjectNode node = NODES.objectNode();
    for (String key : keys) {
      put(r, node, key, () -> r.nextBoolean() ? number(r) : text(r));
    }
    return node;
  }

  private static JsonNode anyValue(java.util.Random r, int depth) {
    int pick = r.nextInt(depth > 0 ? 8 : 6);
    return switch (pick) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(r.nextBoolean());
      case 2, 3 -> number(r);
      case 4, 5 -> text(r);
      case 6 -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = r.nextInt(3); i > 0; i--) {
          a.add(anyValue(r, depth - 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int i = r.nextInt(3); i > 0; i--) {
          o.set(oneOf(r, "type", "id", "name", "text", "index").asText(), anyValue(r, depth - 1));
        }
        yield o;
      }
    };
  }

  private static JsonNode number(java.util.Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> NODES.numberNode(-1);
      case 1 -> NODES.numberNode(Long.MAX_VALUE);
      case 2 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
      case 3 -> NODES.numberNode(2.5);
      default -> NODES.numberNode(r.nextInt(100));
    };
  }

  private static JsonNode text(java.util.Random r) {
    return oneOf(r, "", "hi", "{\"city\":\"Bern\"}", "{", "é€\u0000", "call_1", "weather");
  }

  private static JsonNode oneOf(java.util.Random r, String... values) {
    return NODES.textNode(values[r.nextInt(values.length)]);
  }

  private static String garbage(java.util.Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> "";
      case 1 -> "{\"unterminated\":";
      case 2 -> "[1,2]";
      default -> "not json at all";
    };
  }

  // ---- generators ----

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<Boolean> tools = Arbitraries.of(true, false);
    Arbitrary<Boolean> schema = Arbitraries.of(true, false);
    return Combinators.combine(tools, schema)
        .as(
            (t, s) ->
                new Request(
                    List.of(Message.user("hi")),
                    t ? List.of(TOOL) : List.of(),
                    GenerationOptions.DEFAULTS,
                    s ? SCHEMA : null));
  }

  @Provide
  Arbitrary<String> replies() {
    return Arbitraries.longs()
        .map(
            seed -> {
              java.util.Random r = new java.util.Random(seed);
              return switch (r.nextInt(5)) {
                case 0 -> garbage(r);
                case 1 -> anyValue(r, 3).toString();
                case 2 -> replyShaped(r).toString();
                default -> replyShaped(r).toString();
              };
            });
  }

  /** A body that resembles each protocol's reply, so that the parsers go deep. */
  private static JsonNode replyShaped(java.util.Random r) {
    ObjectNode root = NODES.objectNode();
    put(r, root, "choices", () -> NODES.arrayNode().add(openAiMessage(r)));
    put(r, root, "usage", () -> obj(r, "prompt_tokens", "completion_tokens", "input_tokens"));
    put(
        r,
        root,
        "content",
        () -> {
          ArrayNode blocks = NODES.arrayNode();
          for (int i = r.nextInt(3); i > 0; i--) {
            ObjectNode block = NODES.objectNode();
            put(r, block, "type", () -> oneOf(r, "text", "tool_use", "x"));
            put(r, block, "text", () -> text(r));
            put(r, block, "id", () -> text(r));
            put(r, block, "name", () -> oneOf(r, "weather", "City"));
            put(r, block, "input", () -> obj(r, "name"));
            blocks.add(block);
          }
          return blocks;
        });
    put(r, root, "stop_reason", () -> oneOf(r, "end_turn", "tool_use", "max_tokens"));
    put(r, root, "message", () -> ollamaLine(r).path("message"));
    put(r, root, "done", () -> NODES.booleanNode(true));
    put(r, root, "error", () -> r.nextBoolean() ? text(r) : obj(r, "message", "type", "code"));
    return root;
  }

  private static JsonNode openAiMessage(java.util.Random r) {
    ObjectNode choice = NODES.objectNode();
    ObjectNode message = NODES.objectNode();
    put(r, message, "content", () -> text(r));
    put(r, message, "refusal", () -> text(r));
    put(
        r,
        message,
        "tool_calls",
        () -> {
          ObjectNode call = NODES.objectNode();
          put(r, call, "id", () -> text(r));
          put(r, call, "type", () -> oneOf(r, "function", "x"));
          put(r, call, "function", () -> obj(r, "name", "arguments"));
          return NODES.arrayNode().add(call);
        });
    put(r, choice, "message", () -> message);
    put(r, choice, "finish_reason", () -> oneOf(r, "stop", "tool_calls", "length"));
    return choice;
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.of(200, 200, 200, 200, 201, 400, 401, 404, 429, 500, 529);
  }
}
