package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.ToolDefinition;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GeneratedToolTest {
  private static final ToolDefinition ECHO =
      new ToolDefinition("echo", "Echoes.", "{\"type\":\"object\"}");

  @Test
  void invokingCallsTheInvokerWithTheArguments() throws Exception {
    GeneratedTool tool = new GeneratedTool(ECHO, arguments -> "got " + arguments);
    assertThat(tool.definition()).isSameAs(ECHO);
    assertThat(tool.invoke("{\"x\":1}")).isEqualTo("got {\"x\":1}");
  }

  @Test
  void theInvokersExceptionReachesTheCaller() {
    IOException failure = new IOException("disk");
    GeneratedTool tool =
        new GeneratedTool(
            ECHO,
            arguments -> {
              throw failure;
            });
    assertThatThrownBy(() -> tool.invoke("{}")).isSameAs(failure);
  }

  @Test
  void definitionAndInvokerAreRequired() {
    assertThatThrownBy(() -> new GeneratedTool(null, arguments -> ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("definition");
    assertThatThrownBy(() -> new GeneratedTool(ECHO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("invoker");
  }
}
