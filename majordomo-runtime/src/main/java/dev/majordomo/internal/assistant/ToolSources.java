package dev.majordomo.internal.assistant;

import dev.majordomo.ToolSourceException;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.ToolSource;
import dev.majordomo.llm.Toolbox;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@linkplain ToolSource tool sources} one assistant can name: its registry's, and its
 * builder's (which win over a registry's source of the same name). Asked at the start of every call
 * of a method that names any, never otherwise. Immutable and thread-safe.
 */
public final class ToolSources {
  private static final System.Logger LOG = System.getLogger(ToolSources.class.getName());

  /** No source at all. */
  public static final ToolSources NONE = new ToolSources(List.of(), List.of());

  private final Map<String, ToolSource> byName;
  private final List<ToolSource> owned;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * The sources of one assistant.
   *
   * @param registry the registry's sources
   * @param builder the sources given to the assistant's builder: they win over a registry's source
   *     of the same name, and {@link #closeOwned()} closes them
   */
  public ToolSources(Collection<ToolSource> registry, Collection<ToolSource> builder) {
    Map<String, ToolSource> all = new LinkedHashMap<>();
    for (ToolSource s : registry) {
      all.put(s.name(), s);
    }
    for (ToolSource s : builder) {
      all.put(s.name(), s);
    }
    this.byName = Map.copyOf(all);
    this.owned = List.copyOf(builder);
  }

  /**
   * Checks that every source {@code plans} name is here.
   *
   * @throws ToolSourceException naming the first method that names a missing source, the source,
   *     and the known ones
   */
  void require(MethodPlan... plans) {
    for (MethodPlan plan : plans) {
      for (String name : plan.toolSources()) {
        if (!byName.containsKey(name)) {
          throw new ToolSourceException(
              name,
              plan.qualifiedName()
                  + ": @Llm(toolSources) names '"
                  + name
                  + "', which neither the assistant builder nor the registry has (known: "
                  + (byName.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byName.keySet())))
                  + "). Add it with Registry.builder().toolSource(..) or"
                  + " Assistants.builder(..).toolSource(..).");
        }
      }
    }
  }

  /**
   * The tools of one call of {@code plan}: {@code own} (its {@code @Tool} methods) followed by the
   * tools each named source lists now, in the order the plan names them.
   *
   * @throws ToolSourceException when a source is missing or cannot list its tools, or when two
   *     tools have the same name (the message names both origins)
   */
  Toolbox toolbox(MethodPlan plan, Toolbox own) {
    List<ExecutableTool> tools = new ArrayList<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (ToolDefinition d : own.definitions()) {
      origins.put(d.name(), "a @Tool method");
    }
    for (String name : plan.toolSources()) {
      ToolSource source = byName.get(name);
      if (source == null) {
        require(plan);
      }
      List<ExecutableTool> listed = listed(plan, Objects.requireNonNull(source));
      for (ExecutableTool tool : listed) {
        String toolName = tool.definition().name();
        String origin = "tool source '" + name + "'";
        String first = origins.putIfAbsent(toolName, origin);
        if (first != null) {
          throw new ToolSourceException(
              name,
              plan.qualifiedName()
                  + ": two tools are named '"
                  + toolName
                  + "': one of "
                  + first
                  + " and one of "
                  + origin
                  + ". Rename one; a source that prefixes its tools' names with its own name"
                  + " (the MCP module's default) never clashes.");
        }
        tools.add(tool);
      }
    }
    if (tools.isEmpty()) {
      return own;
    }
    return own.isEmpty() ? Toolbox.of(tools) : own.with(Toolbox.of(tools));
  }

  private static List<ExecutableTool> listed(MethodPlan plan, ToolSource source) {
    List<ExecutableTool> listed;
    try {
      listed = source.tools();
    } catch (RuntimeException e) {
      throw new ToolSourceException(
          source.name(),
          plan.qualifiedName()
              + ": tool source '"
              + source.name()
              + "' could not list its tools: "
              + e.getMessage(),
          e);
    }
    if (listed == null) {
      throw new ToolSourceException(
          source.name(),
          plan.qualifiedName() + ": tool source '" + source.name() + "' listed null tools");
    }
    for (ExecutableTool tool : listed) {
      if (tool == null || tool.definition() == null) {
        throw new ToolSourceException(
            source.name(),
            plan.qualifiedName()
                + ": tool source '"
                + source.name()
                + "' listed a null tool or definition");
      }
    }
    return listed;
  }

  /**
   * Closes the sources given to the assistant's builder (never the registry's, which the registry
   * closes); once, however often it is called. A source that throws is logged and the others are
   * closed still.
   */
  void closeOwned() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (ToolSource s : owned) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "tool source ''" + s.name() + "'' failed to close", e);
      }
    }
  }

  /** {@return whether there is no source} */
  boolean isEmpty() {
    return byName.isEmpty();
  }
}
