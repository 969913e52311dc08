package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.Registry;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.testing.FakeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failed tool reaches every model with one {@code "Error: "} prefix, the same text on every
 * provider, whether the wire has an error flag (Anthropic's {@code is_error}) or not (Chat
 * Completions, Ollama). Before, the OpenAI codec prefixed the toolbox's already prefixed text:
 * "Error: Error: tool 'clock' failed…".
 */
class ToolErrorWireTest {
  private static final OkHttpClient CLIENT = new OkHttpClient();
  private static final String FAILED = "Error: tool 'clock' failed: IllegalStateException: broken";

  @AfterAll
  static void release() {
    CLIENT.dispatcher().executorService().shutdown();
    CLIENT.connectionPool().evictAll();
  }

  /** The results of a turn: a tool that threw, run by a real toolbox, then hand-made ones. */
  private static Request conversation() {
    ExecutableTool broken =
        new ExecutableTool() {
          @Override
          public ToolDefinition definition() {
            return new ToolDefinition("clock", "tells the time", "{\"type\":\"object\"}");
          }

          @Override
          public String invoke(String argumentsJson) {
            throw new IllegalStateException("broken");
          }
        };
    List<Part.ToolCall> calls =
        List.of(
            new Part.ToolCall("call_1", "clock", "{}"),
            new Part.ToolCall("call_2", "clock", "{}"),
            new Part.ToolCall("call_3", "clock", "{}"),
            new Part.ToolCall("call_4", "clock", "{}"),
            new Part.ToolCall("call_5", "clock", "{}"));
    List<Part.ToolResult> results =
        List.of(
            Toolbox.of(broken).execute(calls.get(0)),
            // Hand-made results (a user replaying a transcript): the prefix is added once, and
            // the text of a success is never touched.
            new Part.ToolResult("call_2", "clock", "boom", true),
            new Part.ToolResult("call_3", "clock", "error: already said", true),
            Part.ToolResult.error(calls.get(3), "no clock"),
            new Part.ToolResult("call_5", "clock", "Error: is just a word here", false));
    List<Part> assistant = new ArrayList<>(calls);
    return Request.of(
            Message.user("what time is it?"),
            Message.assistant(assistant),
            Message.toolResults(results))
        .withTools(List.of(broken.definition()));
  }

  private static final List<String> EXPECTED =
      List.of(
          FAILED,
          "Error: boom",
          "error: already said",
          "Error: no clock",
          "Error: is just a word here");

  @ParameterizedTest
  @EnumSource(Wire.class)
  void everyProviderSendsOnePrefix(Wire wire) {
    try (LoopbackServer server =
        new LoopbackServer(r -> Faults.body("application/json", wire.reply("noon")).build())) {
      Registry registry =
          Registry.builder()
              .withoutProviderDiscovery()
              .provider(wire.provider())
              .env(Map.of())
              .httpClient(CLIENT)
              .model("m", wire.dsn(server.port(), null))
              .build();

      assertThat(registry.model("m").call(conversation()).text()).isEqualTo("noon");

      // Ollama also probes /api/show for the model's capabilities.
      List<RecordedRequest> chats =
          server.requests.stream().filter(r -> r.getUrl().encodedPath().equals(wire.path)).toList();
      assertThat(chats).hasSize(1);
      assertThat(toolResultTexts(Wire.body(chats.get(0)))).isEqualTo(EXPECTED);
    }
  }

  @Test
  void theFakeProviderRecordsTheSameText() {
    FakeProvider fake = new FakeProvider();
    fake.model("m").reply("noon");
    Registry registry =
        Registry.builder().withoutProviderDiscovery().provider(fake).env(Map.of()).build();

    registry.model("fake/m").call(conversation());

    Request seen = fake.requests().get(0).request();
    List<String> texts = new ArrayList<>();
    for (Message m : seen.messages()) {
      for (Part p : m.parts()) {
        if (p instanceof Part.ToolResult r) {
          texts.add(r.modelText());
        }
      }
    }
    assertThat(texts).isEqualTo(EXPECTED);
    // What the toolbox produced is already the final text: no codec has anything to add.
    assertThat(((Part.ToolResult) seen.messages().get(2).parts().get(0)).content())
        .isEqualTo(FAILED);
  }

  /** The text of every tool result in a request body, in order, whatever the wire's shape. */
  private static List<String> toolResultTexts(JsonNode body) {
    List<String> texts = new ArrayList<>();
    collect(body, texts);
    return texts;
  }

  private static void collect(JsonNode node, List<String> texts) {
    if (node.isObject()
        && ("tool".equals(node.path("role").asText())
            || "tool_result".equals(node.path("type").asText()))) {
      texts.add(node.path("content").asText());
    }
    if (node.isObject() && "function_call_output".equals(node.path("type").asText())) {
      // The Responses API's tool result.
      texts.add(node.path("output").asText());
    }
    for (JsonNode child : node) {
      collect(child, texts);
    }
  }
}
