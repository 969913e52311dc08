package dev.majordomo.desk;

import dev.majordomo.internal.assistant.AssistantRuntime;
import dev.majordomo.internal.assistant.CallPrompt;
import dev.majordomo.internal.assistant.MethodPlan;
import dev.majordomo.internal.assistant.ReplyDecoder;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Toolbox;

/**
 * {@link ThinkingDesk}'s implementation as the processor generates it, with SupportDesk's tool
 * {@code lookup_order}, which runs {@link #onLookup} (a test's hook) and answers {@code "shipped"}.
 */
final class Majordomo_ThinkingDesk implements ThinkingDesk {
  private static final GenerationOptions OPTIONS =
      GenerationOptions.DEFAULTS.withReasoningBudgetTokens(2048);
  private static final MethodPlan ANSWER =
      MethodPlan.forMethod("ThinkingDesk", "answer").withChain("thinking").withOptions(OPTIONS);

  static volatile Runnable onLookup = () -> {};

  private final AssistantRuntime runtime;
  private final Toolbox toolbox;

  Majordomo_ThinkingDesk(AssistantRuntime runtime) {
    this.runtime = runtime;
    this.toolbox =
        Toolbox.of(
            new ExecutableTool() {
              @Override
              public ToolDefinition definition() {
                return Majordomo_SupportDesk.LOOKUP_ORDER;
              }

              @Override
              public String invoke(String argumentsJson) {
                onLookup.run();
                return "shipped";
              }
            });
  }

  @Override
  public String answer(String question) {
    return runtime.call(ANSWER, toolbox, CallPrompt.of(null, question), ReplyDecoder.TEXT).value();
  }
}
