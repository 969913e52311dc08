package dev.majordomo.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;

/**
 * Everything the generator needs to write one assistant implementation, fully validated.
 *
 * @param element the assistant interface
 * @param type the interface as a type, for resolving inherited members
 * @param packageName the package of the interface and of the generated class
 * @param simpleName the generated class's simple name, {@code Majordomo_Outer_Inner}
 * @param isPublic whether the generated class is public
 * @param methods the abstract methods to implement by calling a model
 * @param conversationMethods the abstract methods of {@code Conversations} to implement by handing
 *     the id to the runtime
 * @param closes whether the generated class implements {@code close()} of {@link AutoCloseable}
 *     (closing the tool sources given to the assistant's builder)
 * @param toolSources every tool source any method uses, each once
 * @param objects every record or POJO that a schema or decoder refers to
 */
record AssistantModel(
    TypeElement element,
    DeclaredType type,
    String packageName,
    String simpleName,
    boolean isPublic,
    List<MethodModel> methods,
    List<ExecutableElement> conversationMethods,
    boolean closes,
    List<ToolSource> toolSources,
    Map<String, Shape.ObjectDef> objects) {
  AssistantModel {
    methods = List.copyOf(methods);
    conversationMethods = List.copyOf(conversationMethods);
    toolSources = List.copyOf(toolSources);
    objects = Map.copyOf(objects);
  }
}
