package dev.majordomo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of an {@link AssistantIndex}: an assistant interface the annotation processor generated
 * an implementation for, and the tool classes its {@code @Llm(tools = ...)} annotations name. Names
 * only: nothing is loaded until {@link #interfaceClass} or {@link #toolClasses} is called.
 *
 * @param interfaceName the binary name of the interface, {@code com.acme.Outer$Inner} for a nested
 *     one
 * @param toolClassNames the binary names of its tool classes, those listed on the interface and on
 *     its methods, each once, sorted; empty when it has none
 */
public record IndexedAssistant(String interfaceName, List<String> toolClassNames) {

  /**
   * Copies the list.
   *
   * @param interfaceName the binary name of the interface
   * @param toolClassNames the binary names of its tool classes
   */
  public IndexedAssistant {
    Objects.requireNonNull(interfaceName, "interfaceName");
    toolClassNames = List.copyOf(toolClassNames);
  }

  /**
   * Loads the interface, without initializing it.
   *
   * @param loader the class loader the index was read from
   * @return the assistant interface, ready for {@link Assistants#builder(Class)}
   * @throws MajordomoException if the class loader has no such class, or it is not an interface:
   *     the index is stale
   */
  public Class<?> interfaceClass(ClassLoader loader) {
    Class<?> type = load(interfaceName, loader);
    if (!type.isInterface() || type.isAnnotation()) {
      throw new MajordomoException(
          "The assistant index lists "
              + interfaceName
              + ", but it is not an interface. The index is stale: rebuild the module that"
              + " declares it.");
    }
    return type;
  }

  /**
   * Loads the tool classes, without initializing them.
   *
   * @param loader the class loader the index was read from
   * @return the tool classes, in the order of {@link #toolClassNames()}
   * @throws MajordomoException if the class loader lacks one of them: the index is stale
   */
  public List<Class<?>> toolClasses(ClassLoader loader) {
    List<Class<?>> out = new ArrayList<>(toolClassNames.size());
    for (String name : toolClassNames) {
      out.add(load(name, loader));
    }
    return List.copyOf(out);
  }

  private Class<?> load(String name, ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      String what = name.equals(interfaceName) ? "" : " as a tool class of " + interfaceName;
      throw new MajordomoException(
          "The assistant index lists "
              + name
              + what
              + ", but the class loader cannot load it ("
              + e
              + "). The index is stale or the class is missing from the class path: rebuild the"
              + " module that declares "
              + interfaceName
              + ".",
          e);
    }
  }
}
