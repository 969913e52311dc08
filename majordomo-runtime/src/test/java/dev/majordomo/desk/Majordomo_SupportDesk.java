package dev.majordomo.desk;

import dev.majordomo.internal.assistant.AssistantRuntime;
import dev.majordomo.internal.assistant.CallPrompt;
import dev.majordomo.internal.assistant.MethodPlan;
import dev.majordomo.internal.assistant.ReplyDecoder;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Toolbox;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link SupportDesk}'s implementation as the processor generates one for a method with a {@code
 * MemoryId} parameter and an interface extending {@code Conversations}, with one tool, {@code
 * lookup_order}, that answers {@code "shipped"}.
 */
final class Majordomo_SupportDesk implements SupportDesk {
  static final ToolDefinition LOOKUP_ORDER =
      new ToolDefinition(
          "lookup_order",
          "The status of an order",
          "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},"
              + "\"required\":[\"order\"]}");

  private static final MethodPlan ANSWER =
      MethodPlan.forMethod("SupportDesk", "answer").withChain("support").withMemoryId("customer");
  private static final MethodPlan STREAM_ANSWER =
      MethodPlan.forMethod("SupportDesk", "streamAnswer")
          .withChain("support")
          .withMemoryId("customer");

  private final AssistantRuntime runtime;
  private final Toolbox toolbox;

  Majordomo_SupportDesk(AssistantRuntime runtime) {
    this.runtime = runtime;
    this.toolbox =
        Toolbox.of(
            new ExecutableTool() {
              @Override
              public ToolDefinition definition() {
                return LOOKUP_ORDER;
              }

              @Override
              public String invoke(String argumentsJson) {
                return "shipped";
              }
            });
  }

  @Override
  public String answer(String customer, String question) {
    CallPrompt prompt = CallPrompt.of(SYSTEM, question).inConversation(customer);
    return runtime.call(ANSWER, toolbox, prompt, ReplyDecoder.TEXT).value();
  }

  @Override
  public Stream<String> streamAnswer(String customer, String question) {
    CallPrompt prompt = CallPrompt.of(SYSTEM, question).inConversation(customer);
    return runtime.streamText(STREAM_ANSWER, toolbox, prompt);
  }

  @Override
  public List<Message> history(Object id) {
    return runtime.history(id);
  }

  @Override
  public void forget(Object id) {
    runtime.forget(id);
  }
}
