package dev.majordomo.examples.spring;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The model of the {@code offline} profile: an OpenAI-style chat completions endpoint served by the
 * application itself on its own port, so that the application answers with no API key and no
 * network, through the real {@code openai} provider and real HTTP. It is not a model: its answer
 * follows from the shape of the request. A message that names an order (such as {@code A-1001})
 * gets a call of the {@code orderStatus} tool; the tool's result gets a sentence around it; any
 * other message is echoed with the number of earlier messages of the conversation, which shows the
 * conversation memory at work.
 */
@Profile("offline")
@RestController
public class OfflineModelController {
  private static final Pattern ORDER = Pattern.compile("\\b[A-Z]-\\d+\\b");

  @PostMapping("/offline-model/v1/chat/completions")
  public Map<String, Object> complete(@RequestBody Map<String, Object> request) {
    List<?> messages = (List<?>) request.getOrDefault("messages", List.of());
    Map<?, ?> last = messages.isEmpty() ? Map.of() : (Map<?, ?>) messages.get(messages.size() - 1);
    String content = String.valueOf(last.get("content"));
    if ("tool".equals(last.get("role"))) {
      return reply(Map.of("role", "assistant", "content", "That order is " + content + "."));
    }
    Matcher order = ORDER.matcher(content);
    if (request.containsKey("tools") && order.find()) {
      Map<String, Object> call =
          Map.of(
              "id",
              "call_" + messages.size(),
              "type",
              "function",
              "function",
              Map.of(
                  "name", "orderStatus", "arguments", "{\"orderId\":\"" + order.group() + "\"}"));
      return reply(Map.of("role", "assistant", "tool_calls", List.of(call)), "tool_calls");
    }
    long earlier =
        messages.stream().filter(m -> "user".equals(((Map<?, ?>) m).get("role"))).count() - 1;
    return reply(
        Map.of(
            "role",
            "assistant",
            "content",
            "You said \""
                + content
                + "\"; earlier in this conversation: "
                + earlier
                + " message(s)."));
  }

  private static Map<String, Object> reply(Map<String, Object> message) {
    return reply(message, "stop");
  }

  private static Map<String, Object> reply(Map<String, Object> message, String finishReason) {
    return Map.of(
        "id",
        "chatcmpl-offline",
        "object",
        "chat.completion",
        "model",
        "offline",
        "choices",
        List.of(Map.of("index", 0, "message", message, "finish_reason", finishReason)),
        "usage",
        Map.of("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0));
  }
}
