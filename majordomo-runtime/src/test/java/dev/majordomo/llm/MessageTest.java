package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.media.Image;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {
  private final Part.ToolCall first = new Part.ToolCall("c1", "weather", "{\"city\":\"Paris\"}");
  private final Part.ToolCall second = new Part.ToolCall("c2", "time", "{}");
  private final Part image = Part.image(Image.fromUrl(URI.create("https://example.com/a.png")));

  @Test
  void textJoinsEveryTextPartInOrderAndIgnoresTheRest() {
    Message message =
        Message.assistant(
            List.of(Part.text("Hello"), first, Part.text(", "), image, Part.text("world")));

    assertThat(message.text()).isEqualTo("Hello, world");
    assertThat(Message.assistant(List.of(Part.text("only"))).text()).isEqualTo("only");
    assertThat(Message.assistant(List.of(first)).text()).isEmpty();
  }

  @Test
  void toolCallsAreTheCallPartsInOrderAndCannotBeChanged() {
    Message message = Message.assistant(List.of(Part.text("let me look"), first, second));

    assertThat(message.toolCalls()).containsExactly(first, second);
    assertThat(Message.assistant("no calls").toolCalls()).isEmpty();
    assertThatThrownBy(() -> message.toolCalls().add(first))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void hasImagesLooksAtEveryPartOfEveryMessage() {
    Message withImage = Message.user(List.of(Part.text("what is it?"), image));
    Message plain = Message.user("hello");

    assertThat(withImage.hasImages()).isTrue();
    assertThat(plain.hasImages()).isFalse();
    assertThat(Request.of(plain, withImage).hasImages()).isTrue();
    assertThat(Request.of(plain).hasImages()).isFalse();
  }

  @Test
  void aToolboxListsEachToolsDefinitionInOrder() {
    ToolDefinition a = new ToolDefinition("a", "first", "{\"type\":\"object\"}");
    ToolDefinition b = new ToolDefinition("b", "second", "{\"type\":\"object\"}");
    Toolbox box = Toolbox.of(List.of(tool(a), tool(b)));

    assertThat(box.definitions()).containsExactly(a, b);
    assertThat(Toolbox.of(List.of()).definitions()).isEmpty();
    assertThatThrownBy(() -> box.definitions().add(a))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static ExecutableTool tool(ToolDefinition definition) {
    return new ExecutableTool() {
      @Override
      public ToolDefinition definition() {
        return definition;
      }

      @Override
      public String invoke(String arguments) {
        return definition.name();
      }
    };
  }
}
