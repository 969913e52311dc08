package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code @Llm} and {@code @Options} set on an assistant interface or on one of its methods,
 * each already checked.
 *
 * @param chain the chain text, or "" when unset
 * @param options the options, {@link OptionsModel#NONE} when unset
 * @param maxToolRounds the tool round limit, or {@link #INHERIT} when unset
 * @param maxHistoryMessages the history message limit, or {@link #INHERIT} when unset
 * @param maxHistoryTokens the history token limit, or {@link #INHERIT} when unset
 * @param toolSources the names of the tool sources, each valid and listed once, in order
 */
record LlmSettings(
    String chain,
    OptionsModel options,
    int maxToolRounds,
    int maxHistoryMessages,
    int maxHistoryTokens,
    List<String> toolSources) {
  /**
   * A limit that a method's {@code @Llm} and its interface's leave unset: its plan then gets no
   * step for it, and the registry's (or the assistant's) value applies at call time. Never a number
   * of our own: that would hide the configured limit from generated code.
   */
  static final int INHERIT = -1;

  /** The rounds of a method whose {@code @Llm} and interface set none. */
  static final int INHERIT_MAX_TOOL_ROUNDS = INHERIT;

  LlmSettings {
    toolSources = List.copyOf(toolSources);
  }

  /** Settings without tool sources. */
  LlmSettings(
      String chain,
      OptionsModel options,
      int maxToolRounds,
      int maxHistoryMessages,
      int maxHistoryTokens) {
    this(chain, options, maxToolRounds, maxHistoryMessages, maxHistoryTokens, List.of());
  }

  /** Settings without chat memory limits. */
  LlmSettings(String chain, OptionsModel options, int maxToolRounds) {
    this(chain, options, maxToolRounds, INHERIT, INHERIT);
  }

  /**
   * These settings (an interface's) with every one that {@code method} sets taking its value; the
   * method's tool sources follow the interface's (a name in both is reported before this).
   */
  LlmSettings overriddenBy(LlmSettings method) {
    return new LlmSettings(
        method.chain.isEmpty() ? chain : method.chain,
        options.overriddenBy(method.options),
        either(method.maxToolRounds, maxToolRounds),
        either(method.maxHistoryMessages, maxHistoryMessages),
        either(method.maxHistoryTokens, maxHistoryTokens),
        concat(toolSources, method.toolSources));
  }

  private static List<String> concat(List<String> first, List<String> then) {
    if (then.isEmpty()) {
      return first;
    }
    List<String> all = new ArrayList<>(first);
    for (String name : then) {
      if (!all.contains(name)) {
        all.add(name);
      }
    }
    return all;
  }

  /** The method's limit when it sets one, else the interface's, else {@link #INHERIT}. */
  private static int either(int method, int type) {
    return method >= 0 ? method : type >= 0 ? type : INHERIT;
  }
}
