package dev.majordomo.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Role;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chat memory survives failover: one conversation continued by three providers, each receiving the
 * whole history, tool call and result included, in its own wire format. Three servers on loopback
 * play OpenAI, Anthropic and Ollama; the chain is {@code
 * openai-target,anthropic-target,ollama-target}, and the targets go down one after the other.
 */
class ConversationFailoverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server openai = new Server();
  private final Server anthropic = new Server();
  private final Server ollama = new Server();
  private SupportDesk desk;

  /** A server that answers from a queue, 503 when it is empty, and records every body. */
  private static final class Server extends Dispatcher {
    final MockWebServer http = new MockWebServer();
    final Deque<String> replies = new ConcurrentLinkedDeque<>();
    final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      if (path.equals("/api/show")) {
        return ok("{\"capabilities\":[\"completion\",\"tools\"]}");
      }
      bodies.add(json(request.getBody().utf8()));
      String reply = replies.poll();
      return reply == null
          ? new MockResponse.Builder().code(503).body("{\"error\":\"overloaded\"}").build()
          : ok(reply);
    }

    private static MockResponse ok(String body) {
      return new MockResponse.Builder()
          .setHeader("content-type", "application/json")
          .body(body)
          .build();
    }

    String dsn(String scheme, String token, String model) {
      return scheme
          + "://"
          + token
          + "@"
          + http.getHostName()
          + ":"
          + http.getPort()
          + "/"
          + model
          + "?tls=false";
    }

    JsonNode last() {
      return bodies.get(bodies.size() - 1);
    }
  }

  @BeforeEach
  void start() throws IOException {
    for (Server s : List.of(openai, anthropic, ollama)) {
      s.http.setDispatcher(s);
      s.http.start();
    }
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(new OpenAiProvider())
            .provider(new AnthropicProvider())
            .provider(new OllamaProvider())
            .env(Map.of())
            .time(new FakeTimeSource())
            .model("openai-target", openai.dsn("openai", "sk-test", "gpt-4o"))
            .model(
                "anthropic-target", anthropic.dsn("anthropic", "sk-ant-test", "claude-sonnet-4-5"))
            .model("ollama-target", ollama.dsn("ollama", "none", "llama3.1"))
            .alias("support", "openai-target,anthropic-target,ollama-target")
            .build();
    desk = Assistants.create(SupportDesk.class, registry);
  }

  @AfterEach
  void stop() {
    for (Server s : List.of(openai, anthropic, ollama)) {
      s.http.close();
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> field(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(name).asText()));
    return out;
  }

  private static String openAiText(String text, int in, int out) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + text
        + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":"
        + in
        + ",\"completion_tokens\":"
        + out
        + ",\"total_tokens\":"
        + (in + out)
        + "}}";
  }

  private static final String OPENAI_TOOL_CALL =
      "{\"id\":\"chatcmpl-0\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
          + "\"tool_calls\":[{\"id\":\"call_A1\",\"type\":\"function\",\"function\":{\"name\":"
          + "\"lookup_order\",\"arguments\":\"{\\\"order\\\":\\\"A-1\\\"}\"}}]},"
          + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":60,"
          + "\"completion_tokens\":12,\"total_tokens\":72}}";

  private static final String ANTHROPIC_TEXT =
      "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"You asked about order A-1.\"}],"
          + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":110,\"output_tokens\":9}}";

  private static final String OLLAMA_TEXT =
      "{\"model\":\"llama3.1\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"It has shipped, as I said.\"},\"done\":true,"
          + "\"done_reason\":\"stop\",\"prompt_eval_count\":130,\"eval_count\":8}";

  @Test
  void oneConversationContinuesOnEachProviderOfTheChainWithItsWholeHistory() {
    // Turn 1: OpenAI asks for a tool, the tool runs, OpenAI answers.
    openai.replies.add(OPENAI_TOOL_CALL);
    openai.replies.add(openAiText("Order A-1 has shipped.", 90, 7));

    assertThat(desk.answer("alice", "Where is my order A-1?")).isEqualTo("Order A-1 has shipped.");

    JsonNode toolRound = openai.last().path("messages");
    assertThat(field(toolRound, "role")).containsExactly("system", "user", "assistant", "tool");
    assertThat(toolRound.get(2).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_A1");
    assertThat(toolRound.get(3).path("tool_call_id").asText()).isEqualTo("call_A1");

    // Turn 2: OpenAI is down (503 on the attempt and its retry); Anthropic answers.
    anthropic.replies.add(ANTHROPIC_TEXT);
    int openAiBefore = openai.bodies.size();

    assertThat(desk.answer("alice", "What did I ask you?")).isEqualTo("You asked about order A-1.");

    assertThat(openai.bodies.size()).isGreaterThan(openAiBefore);
    JsonNode refused = openai.last().path("messages");
    assertThat(field(refused, "role"))
        .containsExactly("system", "user", "assistant", "tool", "assistant", "user");
    assertThat(refused.get(2).path("tool_calls").get(0).path("function").path("name").asText())
        .isEqualTo("lookup_order");
    assertThat(refused.get(3).path("content").asText()).isEqualTo("shipped");

    JsonNode claude = anthropic.last();
    assertThat(claude.path("system").asText()).isEqualTo(SupportDesk.SYSTEM);
    JsonNode messages = claude.path("messages");
    // Anthropic's roles alternate: the tool result is a user message, merged with nothing here
    // because the assistant's answer follows it.
    assertThat(field(messages, "role"))
        .containsExactly("user", "assistant", "user", "assistant", "user");
    JsonNode toolUse = messages.get(1).path("content").get(0);
    assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
    assertThat(toolUse.path("id").asText()).isEqualTo("call_A1");
    assertThat(toolUse.path("name").asText()).isEqualTo("lookup_order");
    assertThat(toolUse.path("input").path("order").asText()).isEqualTo("A-1");
    JsonNode toolResult = messages.get(2).path("content").get(0);
    assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
    assertThat(toolResult.path("tool_use_id").asText()).isEqualTo("call_A1");
    assertThat(messages.get(3).path("content").get(0).path("text").asText())
        .isEqualTo("Order A-1 has shipped.");
    assertThat(messages.get(4).path("content").get(0).path("text").asText())
        .isEqualTo("What did I ask you?");

    // Turn 3: OpenAI and Anthropic are down; Ollama answers.
    ollama.replies.add(OLLAMA_TEXT);
    assertThat(desk.answer("alice", "And now?")).isEqualTo("It has shipped, as I said.");

    JsonNode llama = ollama.last().path("messages");
    assertThat(field(llama, "role"))
        .containsExactly(
            "system", "user", "assistant", "tool", "assistant", "user", "assistant", "user");
    assertThat(llama.get(2).path("tool_calls").get(0).path("function").path("name").asText())
        .isEqualTo("lookup_order");
    assertThat(llama.get(3).path("content").asText()).isEqualTo("shipped");
    assertThat(llama.get(3).path("tool_name").asText()).isEqualTo("lookup_order");
    assertThat(llama.get(6).path("content").asText()).isEqualTo("You asked about order A-1.");
    assertThat(llama.get(7).path("content").asText()).isEqualTo("And now?");

    List<Message> history = desk.history("alice");
    assertThat(history)
        .extracting(Message::role)
        .containsExactly(
            Role.USER,
            Role.ASSISTANT,
            Role.TOOL,
            Role.ASSISTANT,
            Role.USER,
            Role.ASSISTANT,
            Role.USER,
            Role.ASSISTANT);
    desk.forget("alice");
    assertThat(desk.history("alice")).isEmpty();
  }

  @Test
  void anthropicReceivesAUserMessageThatFollowsAToolResultMergedIntoOneUserTurn() {
    // A turn that ended with tool results and an empty answer is stored without the answer, so
    // the next user message follows the tool results: two user messages Anthropic must get as one.
    openai.replies.add(OPENAI_TOOL_CALL);
    openai.replies.add(
        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":\"stop\"}]}");
    desk.answer("bob", "Where is A-1?");
    anthropic.replies.add(ANTHROPIC_TEXT);

    desk.answer("bob", "Hello?");

    JsonNode messages = anthropic.last().path("messages");
    assertThat(field(messages, "role")).containsExactly("user", "assistant", "user");
    JsonNode merged = messages.get(2).path("content");
    assertThat(field(merged, "type")).containsExactly("tool_result", "text");
  }
}
