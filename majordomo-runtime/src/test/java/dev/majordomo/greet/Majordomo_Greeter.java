package dev.majordomo.greet;

import dev.majordomo.Reply;
import dev.majordomo.assistant.AssistantRuntime;
import dev.majordomo.assistant.Json;
import dev.majordomo.assistant.MethodPlan;
import dev.majordomo.assistant.Prompt;
import dev.majordomo.assistant.ReplyDecoder;
import dev.majordomo.llm.Options;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Tool;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Toolbox;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Written by hand the way the processor writes it: package-private, a constructor taking the
 * runtime, a plan constant, a toolbox whose tool decodes its arguments with {@link Json}.
 */
final class Majordomo_Greeter implements Greeter {
  static final String CHAIN = "fake/primary,fake/backup";

  private static final MethodPlan GREET =
      new MethodPlan("Greeter", "greet", CHAIN, Options.DEFAULTS.withTemperature(0.0), -1, null);

  private static final ToolDefinition SALUTATION =
      new ToolDefinition(
          "salutation",
          "How to greet someone",
          "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
              + "\"required\":[\"name\"],\"additionalProperties\":false}");

  private final AssistantRuntime runtime;
  private final Toolbox toolbox;

  Majordomo_Greeter(AssistantRuntime runtime) {
    this.runtime = runtime;
    GreeterTools tools = runtime.toolInstance(GreeterTools.class, GreeterTools::new);
    this.toolbox =
        Toolbox.of(
            new Tool() {
              @Override
              public ToolDefinition definition() {
                return SALUTATION;
              }

              @Override
              public String invoke(String argumentsJson) {
                var args = Json.parse(argumentsJson);
                return tools.salutation(Json.string(Json.field(args, "name", "$", true), "$.name"));
              }
            });
  }

  private static Prompt prompt(String name) {
    return new Prompt("You greet people.", List.of(Part.text("Greet " + name + ".")));
  }

  @Override
  public String greet(String name) {
    return runtime.call(GREET, toolbox, prompt(name), ReplyDecoder.TEXT).value();
  }

  @Override
  public Reply<String> greetWithDetails(String name) {
    return runtime.call(GREET, toolbox, prompt(name), ReplyDecoder.TEXT);
  }

  @Override
  public Stream<String> greetStreaming(String name) {
    return runtime.streamText(GREET, toolbox, prompt(name));
  }

  @Override
  public CompletableFuture<String> greetAsync(String name) {
    return runtime
        .callAsync(GREET, toolbox, prompt(name), ReplyDecoder.TEXT)
        .thenApply(Reply::value);
  }
}
