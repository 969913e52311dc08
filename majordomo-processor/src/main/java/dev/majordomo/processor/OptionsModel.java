package dev.majordomo.processor;

import java.time.Duration;
import java.util.List;

/** {@code @Options} merged from the type and the method; a null field is unset. */
record OptionsModel(
    Double temperature,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    Duration timeout,
    Double topP,
    String reasoningEffort,
    Integer reasoningBudgetTokens,
    String promptCache) {
  static final OptionsModel NONE =
      new OptionsModel(null, null, List.of(), null, null, null, null, null, null);

  OptionsModel {
    stop = List.copyOf(stop);
  }

  boolean isEmpty() {
    return equals(NONE);
  }

  /** These options with every field {@code override} sets taking its value. */
  OptionsModel overriddenBy(OptionsModel override) {
    return new OptionsModel(
        override.temperature != null ? override.temperature : temperature,
        override.maxTokens != null ? override.maxTokens : maxTokens,
        !override.stop.isEmpty() ? override.stop : stop,
        override.seed != null ? override.seed : seed,
        override.timeout != null ? override.timeout : timeout,
        override.topP != null ? override.topP : topP,
        // One setting, as in GenerationOptions.overriddenBy: either replaces both.
        override.reasoningSet() ? override.reasoningEffort : reasoningEffort,
        override.reasoningSet() ? override.reasoningBudgetTokens : reasoningBudgetTokens,
        override.promptCache != null ? override.promptCache : promptCache);
  }

  private boolean reasoningSet() {
    return reasoningEffort != null || reasoningBudgetTokens != null;
  }
}
