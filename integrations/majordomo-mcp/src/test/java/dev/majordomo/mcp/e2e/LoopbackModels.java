package dev.majordomo.mcp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Registry;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * OpenAI and Anthropic on loopback ({@link MockWebServer}s the tests script), and the bodies they
 * answer with, shaped as the real services' (the wire captures of the runtime's provider tests).
 */
final class LoopbackModels implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final MockWebServer openai = new MockWebServer();
  final MockWebServer anthropic = new MockWebServer();

  /** A tool call a scripted OpenAI reply makes. */
  record Call(String id, String name, String argumentsJson) {}

  LoopbackModels() {
    try {
      openai.start();
      anthropic.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@return a registry builder whose {@code openai} and {@code anthropic} are these servers, on a
   * fake clock, retrying a transient failure once before failing over}
   */
  Registry.Builder registry() {
    return Registry.builder()
        .env(
            Map.of(
                "OPENAI_API_KEY",
                "sk-openai-test",
                "OPENAI_BASE_URL",
                openai.url("/v1").toString(),
                "ANTHROPIC_API_KEY",
                "sk-ant-test",
                "ANTHROPIC_BASE_URL",
                anthropic.url("/").toString()))
        .time(new FakeTimeSource())
        .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(1));
  }

  /** {@return the body of the next request OpenAI received} */
  JsonNode takeOpenAi() {
    return take(openai);
  }

  /** {@return the body of the next request Anthropic received} */
  JsonNode takeAnthropic() {
    return take(anthropic);
  }

  private static JsonNode take(MockWebServer server) {
    try {
      RecordedRequest request = server.takeRequest(30, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError("no request arrived");
      }
      return JSON.readTree(request.getBody().utf8());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    openai.close();
    anthropic.close();
  }

  static MockResponse openAiToolCalls(Call... calls) {
    List<Object> toolCalls = new ArrayList<>();
    for (Call call : calls) {
      toolCalls.add(
          Map.of(
              "id",
              call.id(),
              "type",
              "function",
              "function",
              Map.of("name", call.name(), "arguments", call.argumentsJson())));
    }
    Map<String, Object> message =
        new HashMap<>(Map.of("role", "assistant", "tool_calls", toolCalls));
    message.put("content", null);
    return openAi(message, "tool_calls");
  }

  static MockResponse openAiText(String text) {
    return openAi(Map.of("role", "assistant", "content", text), "stop");
  }

  private static MockResponse openAi(Map<String, Object> message, String finishReason) {
    return json(
        Map.of(
            "id",
            "chatcmpl-1",
            "object",
            "chat.completion",
            "created",
            1,
            "model",
            "gpt-4o-mini",
            "choices",
            List.of(Map.of("index", 0, "message", message, "finish_reason", finishReason)),
            "usage",
            Map.of("prompt_tokens", 30, "completion_tokens", 10, "total_tokens", 40)));
  }

  static MockResponse anthropicText(String text) {
    return anthropic(List.of(Map.of("type", "text", "text", text)), "end_turn");
  }

  static MockResponse anthropicToolUse(String id, String name, Map<String, Object> input) {
    return anthropic(
        List.of(Map.of("type", "tool_use", "id", id, "name", name, "input", input)), "tool_use");
  }

  private static MockResponse anthropic(List<Object> content, String stopReason) {
    return json(
        Map.of(
            "id", "msg_1",
            "type", "message",
            "role", "assistant",
            "model", "claude-sonnet-4-5",
            "content", content,
            "stop_reason", stopReason,
            "usage", Map.of("input_tokens", 20, "output_tokens", 8)));
  }

  static MockResponse unavailable() {
    return new MockResponse.Builder()
        .code(503)
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
        .build();
  }

  private static MockResponse json(Object body) {
    try {
      return new MockResponse.Builder()
          .setHeader("Content-Type", "application/json")
          .body(JSON.writeValueAsString(body))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The block of {@code type} in an Anthropic content array. */
  static JsonNode block(JsonNode content, String type) {
    for (JsonNode block : content) {
      if (type.equals(block.path("type").asText())) {
        return block;
      }
    }
    throw new AssertionError("no " + type + " block in " + content);
  }

  /** The {@code role: tool} messages of an OpenAI request, in order. */
  static List<JsonNode> openAiToolMessages(JsonNode request) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode message : request.path("messages")) {
      if ("tool".equals(message.path("role").asText())) {
        out.add(message);
      }
    }
    return out;
  }

  /** The names of the tools offered in a request (OpenAI or Anthropic). */
  static List<String> toolNames(JsonNode request) {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : request.path("tools")) {
      names.add(
          tool.has("function")
              ? tool.path("function").path("name").asText()
              : tool.path("name").asText());
    }
    return names;
  }
}
