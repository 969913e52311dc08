package dev.majordomo.greet;

import dev.majordomo.assistant.AssistantRuntime;
import dev.majordomo.assistant.MethodPlan;
import dev.majordomo.assistant.Prompt;
import dev.majordomo.assistant.ReplyDecoder;
import dev.majordomo.llm.Toolbox;

/** The generated class of the nested {@link Greeter.Polite}, written by hand. */
public final class Majordomo_Greeter_Polite implements Greeter.Polite {
  private static final MethodPlan THANK =
      new MethodPlan("Greeter.Polite", "thank", "fake/primary", null, -1, null);

  private final AssistantRuntime runtime;

  public Majordomo_Greeter_Polite(AssistantRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public String thank(String name) {
    return runtime
        .call(THANK, Toolbox.empty(), Prompt.of(null, "Thank " + name + "."), ReplyDecoder.TEXT)
        .value();
  }
}
