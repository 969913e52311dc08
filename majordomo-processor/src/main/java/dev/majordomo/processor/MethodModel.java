package dev.majordomo.processor;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One abstract assistant method.
 *
 * @param element the method
 * @param parameterTypes its parameter types as members of the assistant
 * @param chain the chain text (already validated)
 * @param options the merged options
 * @param maxToolRounds the limit its {@code @Llm} or its interface's sets, or {@link
 *     LlmSettings#INHERIT_MAX_TOOL_ROUNDS} for the registry's
 * @param system the rendered system prompt, or null when there is none
 * @param user the rendered user message
 * @param images the image parameters, in order
 * @param returns what the method returns and how to decode it
 * @param tools the tool sources this method may call, in order
 * @param memoryId the name of the {@code @MemoryId} parameter, or null for a method without chat
 *     memory
 * @param maxHistoryMessages the history message limit its {@code @Llm} or its interface's sets, or
 *     {@link LlmSettings#INHERIT}
 * @param maxHistoryTokens the history token limit its {@code @Llm} or its interface's sets, or
 *     {@link LlmSettings#INHERIT}
 * @param toolSources the names of the tool sources this method may use, in order
 */
record MethodModel(
    ExecutableElement element,
    List<TypeMirror> parameterTypes,
    String chain,
    OptionsModel options,
    int maxToolRounds,
    ResolvedTemplate system,
    ResolvedTemplate user,
    List<ImageParam> images,
    ReturnModel returns,
    List<ToolSource> tools,
    String memoryId,
    int maxHistoryMessages,
    int maxHistoryTokens,
    List<String> toolSources) {
  MethodModel {
    toolSources = List.copyOf(toolSources);
    parameterTypes = List.copyOf(parameterTypes);
    images = List.copyOf(images);
    tools = List.copyOf(tools);
  }

  String name() {
    return element.getSimpleName().toString();
  }

  /** An image parameter: one image, or a list of them. */
  record ImageParam(String name, boolean list) {}
}
