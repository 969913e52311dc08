package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.media.Image;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code tool} message of Chat Completions holds text only: the images a tool returned go in one
 * {@code user} message after the turn's tool messages, and the request stays a valid {@code
 * CreateChatCompletionRequest}.
 */
class ToolResultImagesTest {
  private static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
  private static final String DATA_URL =
      "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);

  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theImagesFollowTheToolMessagesInOneUserMessage() throws Exception {
    api.enqueueJson(OpenAiChatTest.MINIMAL_REPLY);
    Model model = api.openai("gpt-4o-mini");
    Image image = Image.fromBytes(PNG);
    Part.ToolCall shot = new Part.ToolCall("call_1", "screenshot", "{}");
    Part.ToolCall chart = new Part.ToolCall("call_2", "chart", "{}");
    Part.ToolCall clock = new Part.ToolCall("call_3", "clock", "{}");

    model.call(
        Request.of(
                Message.user("look"),
                Message.assistant(List.of(shot, chart, clock)),
                Message.toolResults(
                    List.of(
                        new Part.ToolResult(
                            "call_1", "screenshot", "a window", false, List.of(image)),
                        new Part.ToolResult("call_2", "chart", "", false, List.of(image, image)),
                        Part.ToolResult.success(clock, "noon"))),
                Message.user("and now?"))
            .withTools(
                List.of(
                    new ToolDefinition("screenshot", "s", "{\"type\":\"object\"}"),
                    new ToolDefinition("chart", "c", "{\"type\":\"object\"}"),
                    new ToolDefinition("clock", "t", "{\"type\":\"object\"}"))));

    JsonNode messages = api.takeBody().get("messages");
    assertThat(messages).hasSize(7);
    assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(2).get("content").asText()).isEqualTo("a window");
    assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_2");
    assertThat(messages.get(4).get("tool_call_id").asText()).isEqualTo("call_3");
    JsonNode images = messages.get(5);
    assertThat(images.get("role").asText()).isEqualTo("user");
    JsonNode content = images.get("content");
    assertThat(content).hasSize(5);
    assertThat(content.get(0).get("text").asText())
        .isEqualTo("The images that tool 'screenshot' returned (call call_1):");
    assertThat(content.get(1).at("/image_url/url").asText()).isEqualTo(DATA_URL);
    assertThat(content.get(2).get("text").asText())
        .isEqualTo("The images that tool 'chart' returned (call call_2):");
    assertThat(content.get(3).get("type").asText()).isEqualTo("image_url");
    assertThat(content.get(4).get("type").asText()).isEqualTo("image_url");
    assertThat(messages.get(6).get("content").asText()).isEqualTo("and now?");
  }

  @Test
  void aTurnWithoutImagesAddsNoMessage() throws Exception {
    api.enqueueJson(OpenAiChatTest.MINIMAL_REPLY);
    Model model = api.openai("gpt-4o-mini");
    Part.ToolCall clock = new Part.ToolCall("call_1", "clock", "{}");

    model.call(
        Request.of(
                Message.user("time?"),
                Message.assistant(List.of(clock)),
                Message.toolResults(List.of(Part.ToolResult.success(clock, "noon"))))
            .withTools(List.of(new ToolDefinition("clock", "t", "{\"type\":\"object\"}"))));

    assertThat(api.takeBody().get("messages")).hasSize(3);
  }
}
