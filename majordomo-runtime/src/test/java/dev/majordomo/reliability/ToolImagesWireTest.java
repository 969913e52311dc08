package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.media.Image;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Images a tool returned (a tool of a tool source may) on each provider's wire: Anthropic puts them
 * in the {@code tool_result}'s content blocks, Chat Completions (OpenAI, foreman) in one {@code
 * user} message after the turn's tool messages, Ollama in the tool message's {@code images}.
 */
class ToolImagesWireTest {
  private static final OkHttpClient CLIENT = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The smallest valid PNG: 1x1, transparent. */
  static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  static final String PNG_BASE64 = Base64.getEncoder().encodeToString(PNG);

  @AfterAll
  static void release() {
    CLIENT.dispatcher().executorService().shutdown();
    CLIENT.connectionPool().evictAll();
  }

  /** Two calls in one turn: a screenshot with an image, then a text result. */
  static Request conversation(Image image) {
    Part.ToolCall shot = new Part.ToolCall("call_1", "screenshot", "{}");
    Part.ToolCall clock = new Part.ToolCall("call_2", "clock", "{}");
    return Request.of(
            Message.user("what is on screen?"),
            Message.assistant(List.of(shot, clock)),
            Message.toolResults(
                List.of(
                    new Part.ToolResult("call_1", "screenshot", "a window", false, List.of(image)),
                    Part.ToolResult.success(clock, "noon"))))
        .withTools(
            List.of(
                new ToolDefinition("screenshot", "takes one", "{\"type\":\"object\"}"),
                new ToolDefinition("clock", "tells the time", "{\"type\":\"object\"}")));
  }

  private static JsonNode send(Wire wire, Request request) {
    try (LoopbackServer server =
        new LoopbackServer(r -> Faults.body("application/json", wire.reply("ok")).build())) {
      Registry registry =
          Registry.builder()
              .withoutProviderDiscovery()
              .provider(wire.provider())
              .env(Map.of())
              .httpClient(CLIENT)
              .model("m", wire.dsn(server.port(), null))
              .build();
      assertThat(registry.model("m").call(request).text()).isEqualTo("ok");
      List<RecordedRequest> chats =
          server.requests.stream().filter(r -> r.getUrl().encodedPath().equals(wire.path)).toList();
      assertThat(chats).hasSize(1);
      return Wire.body(chats.get(0));
    }
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  @Test
  void anthropicSendsTheImagesAsContentBlocksOfTheToolResult() throws Exception {
    JsonNode body = send(Wire.ANTHROPIC, conversation(Image.fromBytes(PNG)));

    assertThat(body.at("/messages/2"))
        .isEqualTo(
            json(
                "{'role':'user','content':["
                    + "{'type':'tool_result','tool_use_id':'call_1','content':["
                    + "{'type':'text','text':'a window'},"
                    + "{'type':'image','source':{'type':'base64','media_type':'image/png',"
                    + "'data':'"
                    + PNG_BASE64
                    + "'}}]},"
                    + "{'type':'tool_result','tool_use_id':'call_2','content':'noon'}]}"));
  }

  @Test
  void anthropicSendsAnImageByUrlAsAUrlSource() throws Exception {
    JsonNode body =
        send(Wire.ANTHROPIC, conversation(Image.fromUrl(URI.create("https://example.com/a.png"))));

    assertThat(body.at("/messages/2/content/0/content/1"))
        .isEqualTo(
            json("{'type':'image','source':{'type':'url','url':'https://example.com/a.png'}}"));
  }

  @Test
  void ollamaSendsTheImagesOfTheToolMessage() throws Exception {
    JsonNode body = send(Wire.OLLAMA, conversation(Image.fromBytes(PNG)));

    assertThat(body.at("/messages/2"))
        .isEqualTo(
            json(
                "{'role':'tool','content':'a window','tool_name':'screenshot',"
                    + "'tool_call_id':'call_1','images':['"
                    + PNG_BASE64
                    + "']}"));
    assertThat(body.at("/messages/3/images").isMissingNode()).isTrue();
  }

  @Test
  void ollamaTellsTheModelOfAnImageByUrlInsteadOfFailing() throws Exception {
    JsonNode body =
        send(Wire.OLLAMA, conversation(Image.fromUrl(URI.create("https://example.com/a.png"))));

    assertThat(body.at("/messages/2/content").asText())
        .isEqualTo("a window\n[1 image(s) by URL left out: Ollama takes image bytes only]");
    assertThat(body.at("/messages/2/images").isMissingNode()).isTrue();
  }

  @Test
  void foremanSendsTheImagesInAUserMessageAfterTheToolMessages() throws Exception {
    JsonNode body = send(Wire.FOREMAN, conversation(Image.fromBytes(PNG)));

    assertThat(body.at("/messages/2"))
        .isEqualTo(json("{'role':'tool','tool_call_id':'call_1','content':'a window'}"));
    assertThat(body.at("/messages/3"))
        .isEqualTo(json("{'role':'tool','tool_call_id':'call_2','content':'noon'}"));
    JsonNode images = body.at("/messages/4");
    assertThat(images.get("role").asText()).isEqualTo("user");
    assertThat(images.at("/content/0"))
        .isEqualTo(
            JSON.createObjectNode()
                .put("type", "text")
                .put("text", "The images that tool 'screenshot' returned (call call_1):"));
    assertThat(images.at("/content/1"))
        .isEqualTo(
            json(
                "{'type':'image_url','image_url':{'url':'data:image/png;base64,"
                    + PNG_BASE64
                    + "'}}"));
    assertThat(images.get("content")).hasSize(2);
    assertThat(body.get("messages")).hasSize(5);
  }
}
