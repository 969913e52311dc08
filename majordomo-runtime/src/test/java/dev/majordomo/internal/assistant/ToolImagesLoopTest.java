package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Limits;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.ToolOutput;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.media.Image;
import dev.majordomo.observation.Observer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The images of a tool result are bounded like its text: at most {@link
 * ToolLoop#MAX_TOOL_RESULT_IMAGES}, each at most {@code Limits.maxImageBytes}; what is dropped is
 * said in the text the model reads.
 */
class ToolImagesLoopTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private final ScriptedModel model = new ScriptedModel();

  private static Image png(int size) {
    byte[] bytes = new byte[size];
    System.arraycopy(PNG, 0, bytes, 0, PNG.length);
    return Image.fromBytes(bytes);
  }

  private Part.ToolResult sentResult(Limits limits, ToolOutput output) {
    AssistantRuntime runtime =
        new AssistantRuntime(
            ToolImagesLoopTest.class, chain -> model, null, null, limits, null, Observer.NONE);
    Toolbox tools =
        Toolbox.of(
            new ExecutableTool() {
              @Override
              public ToolDefinition definition() {
                return new ToolDefinition("shots", "screenshots", "{\"type\":\"object\"}");
              }

              @Override
              public String invoke(String argumentsJson) {
                throw new AssertionError("the toolbox calls run");
              }

              @Override
              public ToolOutput run(String argumentsJson) {
                return output;
              }
            });
    model.replyToolCalls(call("c1", "shots", "{}")).reply("seen");

    runtime.call(TestTools.plan(), tools, CallPrompt.of(null, "look"), ReplyDecoder.TEXT);

    Message results = model.lastRequest().messages().get(2);
    return (Part.ToolResult) results.parts().get(0);
  }

  @Test
  void imagesWithinTheBoundsAreSentAsTheyAre() {
    List<Image> images = List.of(png(16), png(32));

    Part.ToolResult sent = sentResult(Limits.DEFAULTS, new ToolOutput("two", images, false));

    assertThat(sent.images()).isEqualTo(images);
    assertThat(sent.content()).isEqualTo("two");
  }

  @Test
  void anImageOverMaxImageBytesIsDroppedAndTheModelIsTold() {
    Image small = png(16);
    Image large = png(2000);

    Part.ToolResult sent =
        sentResult(
            Limits.DEFAULTS.withMaxImageBytes(1000),
            new ToolOutput("shots", List.of(large, small), false));

    assertThat(sent.images()).containsExactly(small);
    assertThat(sent.content())
        .isEqualTo(
            "shots\n[images: the tool returned 2; 1 not shown (at most 8 per result, each at most"
                + " 1000 bytes)]");
  }

  @Test
  void moreThanEightImagesAreCutToTheFirstEight() {
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      images.add(png(16 + i));
    }

    Part.ToolResult sent = sentResult(Limits.DEFAULTS, new ToolOutput("", images, false));

    assertThat(sent.images()).isEqualTo(images.subList(0, ToolLoop.MAX_TOOL_RESULT_IMAGES));
    assertThat(sent.content()).contains("the tool returned 10; 2 not shown");
  }

  @Test
  void truncatedTextKeepsItsMarkerBeforeTheImagesNote() {
    Part.ToolResult sent =
        sentResult(
            Limits.DEFAULTS.withMaxToolOutputChars(3).withMaxImageBytes(100),
            new ToolOutput("abcdef", List.of(png(500)), false));

    assertThat(sent.content())
        .isEqualTo(
            "abc"
                + ToolLoop.truncationMarker(6, 3)
                + "\n[images: the tool returned 1; 1 not shown (at most 8 per result, each at most"
                + " 100 bytes)]");
    assertThat(sent.images()).isEmpty();
  }
}
