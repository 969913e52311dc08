package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import dev.majordomo.provider.TestProviderContext;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The images a tool returned are held to Anthropic's limits like the user's images: checked (and
 * scaled down when asked) before the request is sent, so that an over-limit screenshot from an MCP
 * server fails over to another target instead of ending the chain with Anthropic's HTTP 400.
 */
class AnthropicToolImagesTest {
  private static final long MAX_IMAGE_BYTES = 20_000_000L;

  private static Request withToolImage(Image image) {
    Part.ToolCall shot = new Part.ToolCall("toolu_1", "screenshot", "{}");
    return Request.of(
        Message.user("look"),
        Message.assistant(List.of(shot)),
        Message.toolResults(
            List.of(
                new Part.ToolResult("toolu_1", "screenshot", "a window", false, List.of(image)))));
  }

  private static Part.ToolResult toolResult(Request request) {
    return (Part.ToolResult) request.messages().get(2).parts().get(0);
  }

  @Test
  void aToolImageWiderThanAnthropicTakesFailsBeforeSending() {
    Image wide = Image.fromBytes(TestProviderContext.png(8001, 1));

    assertThatThrownBy(() -> AnthropicImages.prepare(withToolImage(wide), false, MAX_IMAGE_BYTES))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("anthropic");
  }

  @Test
  void aToolImageIsScaledDownWhenDownscalingIsOn() throws Exception {
    Image wide = Image.fromBytes(TestProviderContext.png(3000, 10));

    Request sent = AnthropicImages.prepare(withToolImage(wide), true, MAX_IMAGE_BYTES);

    Part.ToolResult result = toolResult(sent);
    assertThat(result.images()).hasSize(1);
    byte[] bytes = result.images().get(0).bytes().orElseThrow();
    assertThat(ImageIO.read(new ByteArrayInputStream(bytes)).getWidth()).isLessThanOrEqualTo(1568);
    assertThat(result.content()).isEqualTo("a window");
    assertThat(result.callId()).isEqualTo("toolu_1");
  }

  @Test
  void aToolResultWithinTheLimitsIsSentAsItIs() {
    Image small = Image.fromBytes(TestProviderContext.png(4, 4));
    Request request = withToolImage(small);

    Request sent = AnthropicImages.prepare(request, true, MAX_IMAGE_BYTES);

    assertThat(toolResult(sent).images()).containsExactly(small);
  }
}
