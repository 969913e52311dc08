package dev.majordomo.internal.assistant;

import dev.majordomo.Limits;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ToolDefinition;

/** Small builders shared by the runtime tests. */
final class TestTools {
  private TestTools() {}

  /** A tool body that may throw, like a generated dispatcher. */
  @FunctionalInterface
  interface Body {
    String invoke(String argumentsJson) throws Exception;
  }

  static ExecutableTool tool(String name, Body body) {
    ToolDefinition definition =
        new ToolDefinition(name, "test tool " + name, "{\"type\":\"object\"}");
    return new ExecutableTool() {
      @Override
      public ToolDefinition definition() {
        return definition;
      }

      @Override
      public String invoke(String argumentsJson) throws Exception {
        return body.invoke(argumentsJson);
      }
    };
  }

  static MethodPlan plan() {
    return plan(Limits.DEFAULT_MAX_TOOL_ROUNDS);
  }

  static MethodPlan plan(int maxToolRounds) {
    return MethodPlan.forMethod("Agent", "ask").withChain("test").withMaxToolRounds(maxToolRounds);
  }

  static final ResponseSchema CITY_SCHEMA =
      new ResponseSchema(
          "City",
          "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
              + "\"population\":{\"type\":\"integer\"}},\"required\":[\"name\",\"population\"],"
              + "\"additionalProperties\":false}");

  static MethodPlan cityPlan() {
    return MethodPlan.forMethod("Agent", "city").withChain("test").withResponseSchema(CITY_SCHEMA);
  }

  static AssistantRuntime runtime(ScriptedModel model) {
    return new AssistantRuntime(TestTools.class, chain -> model, null, null);
  }
}
