package dev.majordomo.processor;

import com.palantir.javapoet.ClassName;

/**
 * The runtime types that generated code refers to (docs/adr/0006-generated-code.md). Named, not
 * loaded: the processor itself never touches these classes.
 */
final class RuntimeNames {
  private RuntimeNames() {}

  private static final String ASSISTANT = "dev.majordomo.internal.assistant";
  private static final String LLM = "dev.majordomo.llm";

  static final ClassName ASSISTANT_RUNTIME = ClassName.get(ASSISTANT, "AssistantRuntime");
  static final ClassName METHOD_PLAN = ClassName.get(ASSISTANT, "MethodPlan");
  static final ClassName PROMPT = ClassName.get(ASSISTANT, "CallPrompt");
  static final ClassName REPLY_DECODER = ClassName.get(ASSISTANT, "ReplyDecoder");
  static final ClassName JSON = ClassName.get(ASSISTANT, "Json");
  static final ClassName GENERATED_TOOL = ClassName.get(ASSISTANT, "GeneratedTool");
  static final ClassName REPLY = ClassName.get("dev.majordomo", "Reply");

  static final ClassName OPTIONS = ClassName.get(LLM, "GenerationOptions");
  static final ClassName REASONING_EFFORT = ClassName.get(LLM, "ReasoningEffort");
  static final ClassName PROMPT_CACHE = ClassName.get(LLM, "PromptCache");
  static final ClassName RESPONSE_SCHEMA = ClassName.get(LLM, "ResponseSchema");
  static final ClassName PART = ClassName.get(LLM, "Part");
  static final ClassName TOOLBOX = ClassName.get(LLM, "Toolbox");
  static final ClassName TOOL_DEFINITION = ClassName.get(LLM, "ToolDefinition");
  static final ClassName RESPONSE_STREAM = ClassName.get(LLM, "ResponseStream");
  static final ClassName IMAGE = ClassName.get("dev.majordomo.media", "Image");

  static final ClassName JSON_NODE = ClassName.get("com.fasterxml.jackson.databind", "JsonNode");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
}
