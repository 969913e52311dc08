package dev.majordomo.processor;

/**
 * What {@code @Llm} and {@code @Options} set on an assistant interface or on one of its methods,
 * each already checked.
 *
 * @param chain the chain text, or "" when unset
 * @param options the options, {@link OptionsModel#NONE} when unset
 * @param maxToolRounds the tool round limit, or {@link #INHERIT_MAX_TOOL_ROUNDS} when unset
 */
record LlmSettings(String chain, OptionsModel options, int maxToolRounds) {
  /**
   * The rounds of a method whose {@code @Llm} and interface set none: its plan then gets no {@code
   * withMaxToolRounds} step, and the registry's {@code Limits.maxToolRounds} applies at call time.
   * Never a number of our own: that would hide the registry's limit from generated code.
   */
  static final int INHERIT_MAX_TOOL_ROUNDS = -1;

  /** These settings (an interface's) with every one that {@code method} sets taking its value. */
  LlmSettings overriddenBy(LlmSettings method) {
    return new LlmSettings(
        method.chain.isEmpty() ? chain : method.chain,
        options.overriddenBy(method.options),
        method.maxToolRounds >= 0
            ? method.maxToolRounds
            : maxToolRounds >= 0 ? maxToolRounds : INHERIT_MAX_TOOL_ROUNDS);
  }
}
