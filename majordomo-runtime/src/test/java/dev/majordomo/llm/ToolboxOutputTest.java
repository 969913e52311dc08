package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.media.Image;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Toolbox#execute} runs {@link ExecutableTool#run}: errors, images and text. */
class ToolboxOutputTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final Part.ToolCall CALL = new Part.ToolCall("c1", "t", "{}");

  interface Output {
    ToolOutput run(String args) throws Exception;
  }

  private static Toolbox toolbox(Output output) {
    return Toolbox.of(
        new ExecutableTool() {
          @Override
          public ToolDefinition definition() {
            return new ToolDefinition("t", "a tool", "{\"type\":\"object\"}");
          }

          @Override
          public String invoke(String argumentsJson) {
            throw new AssertionError("the toolbox calls run");
          }

          @Override
          public ToolOutput run(String argumentsJson) throws Exception {
            return output.run(argumentsJson);
          }
        });
  }

  @Test
  void anErrorOutputIsAnErrorResultWithTheOnePrefix() {
    Part.ToolResult result = toolbox(args -> ToolOutput.error("no such file")).execute(CALL);

    assertThat(result.isError()).isTrue();
    assertThat(result.content()).isEqualTo("Error: no such file");
    assertThat(result.modelText()).isEqualTo("Error: no such file");
  }

  @Test
  void imagesStayWithTheResultInOrder() {
    Image first = Image.fromBytes(PNG);
    Image second = Image.fromBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1});
    Part.ToolResult result =
        toolbox(args -> new ToolOutput("two", List.of(first, second), false)).execute(CALL);

    assertThat(result)
        .isEqualTo(new Part.ToolResult("c1", "t", "two", false, List.of(first, second)));
  }

  @Test
  void anErrorKeepsItsImages() {
    Image shot = Image.fromBytes(PNG);
    Part.ToolResult result =
        toolbox(args -> new ToolOutput("crashed", List.of(shot), true)).execute(CALL);

    assertThat(result.isError()).isTrue();
    assertThat(result.images()).containsExactly(shot);
  }

  @Test
  void aNullOutputReadsAsNullAndAThrowingRunAsAnError() {
    assertThat(toolbox(args -> null).execute(CALL).content()).isEqualTo("null");
    Part.ToolResult thrown =
        toolbox(
                args -> {
                  throw new IllegalStateException("gone");
                })
            .execute(CALL);
    assertThat(thrown.isError()).isTrue();
    assertThat(thrown.content()).isEqualTo("Error: tool 't' failed: IllegalStateException: gone");
  }

  @Test
  void aToolThatOnlyImplementsInvokeStillWorks() {
    Toolbox plain =
        Toolbox.of(
            new ExecutableTool() {
              @Override
              public ToolDefinition definition() {
                return new ToolDefinition("t", "a tool", "{\"type\":\"object\"}");
              }

              @Override
              public String invoke(String argumentsJson) {
                return "plain";
              }
            });

    assertThat(plain.execute(CALL)).isEqualTo(Part.ToolResult.success(CALL, "plain"));
  }

  @Test
  void theFourArgumentConstructorHasNoImages() {
    assertThat(new Part.ToolResult("c", "n", "x", false).images()).isEmpty();
    assertThat(Part.ToolResult.success(CALL, "x").images()).isEmpty();
  }
}
