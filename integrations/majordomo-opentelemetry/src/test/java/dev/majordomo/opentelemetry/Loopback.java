package dev.majordomo.opentelemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/** Canned replies of the OpenAI and Anthropic wire protocols, for servers on 127.0.0.1. */
final class Loopback {
  private Loopback() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static MockResponse unavailable() {
    return new MockResponse.Builder()
        .code(503)
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
        .build();
  }

  static MockResponse json(Object body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(write(body))
        .build();
  }

  static MockResponse openAiText(String text) {
    Map<String, Object> message = Map.of("role", "assistant", "content", text);
    return json(openAi(message, "stop"));
  }

  static MockResponse openAiToolCall(String id, String name, String arguments) {
    Map<String, Object> call =
        Map.of(
            "id", id, "type", "function", "function", Map.of("name", name, "arguments", arguments));
    Map<String, Object> message =
        new HashMap<>(Map.of("role", "assistant", "tool_calls", List.of(call)));
    message.put("content", null);
    return json(openAi(message, "tool_calls"));
  }

  private static Map<String, Object> openAi(Map<String, Object> message, String finishReason) {
    return Map.of(
        "id",
        "chatcmpl-1",
        "object",
        "chat.completion",
        "created",
        1,
        "model",
        "gpt-4o-mini-2024-07-18",
        "choices",
        List.of(Map.of("index", 0, "message", message, "finish_reason", finishReason)),
        "usage",
        Map.of("prompt_tokens", 30, "completion_tokens", 10, "total_tokens", 40));
  }

  /** A streamed OpenAI reply: one chunk per piece of text, then the usage, then {@code [DONE]}. */
  static MockResponse openAiStream(String... pieces) {
    StringBuilder body = new StringBuilder();
    for (String piece : pieces) {
      body.append("data: ")
          .append(
              write(
                  Map.of(
                      "id", "chatcmpl-2",
                      "object", "chat.completion.chunk",
                      "created", 1,
                      "model", "gpt-4o-mini-2024-07-18",
                      "choices", List.of(Map.of("index", 0, "delta", Map.of("content", piece))))))
          .append("\n\n");
    }
    body.append("data: ")
        .append(
            write(
                Map.of(
                    "id", "chatcmpl-2",
                    "object", "chat.completion.chunk",
                    "created", 1,
                    "model", "gpt-4o-mini-2024-07-18",
                    "choices",
                        List.of(Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop")))))
        .append("\n\n");
    body.append("data: ")
        .append(
            write(
                Map.of(
                    "id",
                    "chatcmpl-2",
                    "object",
                    "chat.completion.chunk",
                    "created",
                    1,
                    "model",
                    "gpt-4o-mini-2024-07-18",
                    "choices",
                    List.of(),
                    "usage",
                    Map.of("prompt_tokens", 12, "completion_tokens", 4, "total_tokens", 16))))
        .append("\n\n");
    body.append("data: [DONE]\n\n");
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(body.toString())
        .build();
  }

  static MockResponse anthropicText(String text) {
    return json(
        Map.of(
            "id", "msg_1",
            "type", "message",
            "role", "assistant",
            "model", "claude-sonnet-4-5-20250929",
            "content", List.of(Map.of("type", "text", "text", text)),
            "stop_reason", "end_turn",
            "usage", Map.of("input_tokens", 20, "output_tokens", 8)));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
