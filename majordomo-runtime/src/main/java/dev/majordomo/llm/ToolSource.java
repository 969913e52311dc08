package dev.majordomo.llm;

import java.util.List;

/**
 * Tools found at run time, beside the {@code @Tool} methods checked at compile time: the tools of
 * an MCP server, say. An assistant method names the sources it uses in {@code @Llm(toolSources =
 * …)}; the sources themselves are given to the registry or to the assistant builder under their
 * {@link #name()}.
 *
 * <p>{@link #tools()} is asked once at the start of every call, so it must be cheap after the first
 * time (cache, and refresh when the source says its list changed); a call keeps the list it got for
 * all its rounds. Implementations are thread-safe.
 */
public interface ToolSource extends AutoCloseable {

  /**
   * {@return the name that {@code @Llm(toolSources = …)} uses for this source}, matching {@code
   * [a-zA-Z0-9_-]{1,32}}
   */
  String name();

  /**
   * The tools available now, in the order the model should see them. May start the source on first
   * use (a subprocess, a connection); may block while it does.
   *
   * @return the tools; their {@linkplain ToolDefinition#name() names} are the names the model sees
   * @throws dev.majordomo.ToolSourceException when the source cannot list its tools (it does not
   *     start, it is closed, it answers with an error)
   */
  List<ExecutableTool> tools();

  /**
   * Stops the source (ends its subprocess, closes its connections). Idempotent; never throws. A
   * call of {@link #tools()} after it throws {@link dev.majordomo.ToolSourceException}.
   */
  @Override
  void close();
}
