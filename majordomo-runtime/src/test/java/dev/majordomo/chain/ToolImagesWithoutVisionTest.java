package dev.majordomo.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import dev.majordomo.testing.FakeRequest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tool (an MCP server's, say) may return images whatever model the chain runs. A target known to
 * take no images still gets the tool's text, with a note in place of its images, instead of a
 * request its API refuses (which would end the chain with a permanent error).
 */
class ToolImagesWithoutVisionTest {
  private static final Image PNG =
      Image.fromBytes(
          Base64.getDecoder()
              .decode(
                  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));

  private final ChainFixture f = new ChainFixture();

  private static Request afterAScreenshot() {
    Part.ToolCall shot = new Part.ToolCall("call_1", "screenshot", "{}");
    return Request.of(
            Message.user("what is on the screen?"),
            Message.assistant(List.of(shot)),
            Message.toolResults(
                List.of(
                    new Part.ToolResult(
                        "call_1", "screenshot", "a window", false, List.of(PNG, PNG)))))
        .withTools(List.of(new ToolDefinition("screenshot", "s", "{\"type\":\"object\"}")));
  }

  @Test
  void aTargetWithoutImagesGetsTheToolsTextAndANoteInsteadOfItsImages() {
    f.fake
        .model("text-only")
        .capabilities(Capabilities.unknown().with(Capability.IMAGES, false))
        .reply("a window, I am told");

    Response response = f.chain("text-only").call(afterAScreenshot());

    assertThat(response.text()).isEqualTo("a window, I am told");
    FakeRequest sent = f.fake.lastRequest("text-only");
    assertThat(sent.toolResultImages()).isEmpty();
    Part.ToolResult result = sent.toolResults().get(0);
    assertThat(result.callId()).isEqualTo("call_1");
    assertThat(result.content())
        .startsWith("a window")
        .contains("2 images")
        .contains("takes no images");
  }

  @Test
  void aTargetThatTakesImagesGetsThemAndTheNextOneWithoutGetsTheNote() {
    f.fake.model("vision").fail(new ImageException("over vision's limit"));
    f.fake.model("vision").capabilities(Capabilities.unknown().with(Capability.IMAGES, true));
    f.fake
        .model("text-only")
        .capabilities(Capabilities.unknown().with(Capability.IMAGES, false))
        .reply("ok");

    f.chain("vision", "text-only").call(afterAScreenshot());

    assertThat(f.fake.lastRequest("vision").toolResultImages()).containsExactly(PNG, PNG);
    assertThat(f.fake.lastRequest("text-only").toolResultImages()).isEmpty();
  }

  @Test
  void aTargetWhoseImageSupportIsUnknownGetsTheImages() {
    f.fake.model("unknown").reply("ok");

    f.chain("unknown").call(afterAScreenshot());

    assertThat(f.fake.lastRequest("unknown").toolResultImages()).containsExactly(PNG, PNG);
    assertThat(f.fake.lastRequest("unknown").toolResults().get(0).content()).isEqualTo("a window");
  }
}
