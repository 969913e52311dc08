package dev.majordomo.processor;

import dev.majordomo.internal.grammar.DurationGrammar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** Reads and checks {@code @Options} and {@code @Llm(maxToolRounds)}. */
final class OptionsReader {
  private final ProcessingContext context;
  private final Annotations annotations;

  OptionsReader(ProcessingContext context) {
    this.context = context;
    this.annotations = context.annotations();
  }

  /** The options on {@code element}; {@link OptionsModel#NONE} when absent; null after errors. */
  OptionsModel read(Element element) {
    AnnotationMirror m = Annotations.find(element, Annotations.OPTIONS).orElse(null);
    if (m == null) {
      return OptionsModel.NONE;
    }
    boolean ok = true;
    double temperature = annotations.doubleValue(m, "temperature");
    Double t = null;
    if (!Double.isNaN(temperature)) {
      if (temperature < 0 || Double.isInfinite(temperature)) {
        invalid(element, m, "temperature", "it must be a finite number >= 0, was " + temperature);
        ok = false;
      } else {
        t = temperature;
      }
    }
    double topP = annotations.doubleValue(m, "topP");
    Double p = null;
    if (!Double.isNaN(topP)) {
      if (topP < 0 || topP > 1) {
        invalid(element, m, "topP", "it must be a number from 0 to 1, was " + topP);
        ok = false;
      } else {
        p = topP;
      }
    }
    int maxTokens = annotations.integer(m, "maxTokens");
    Integer mt = null;
    if (maxTokens != -1) {
      if (maxTokens <= 0) {
        invalid(element, m, "maxTokens", "it must be positive (or -1 for unset), was " + maxTokens);
        ok = false;
      } else {
        mt = maxTokens;
      }
    }
    List<String> stop = new ArrayList<>();
    for (AnnotationValue v : annotations.array(m, "stop")) {
      String s = (String) v.getValue();
      if (s.isEmpty()) {
        context
            .reporter()
            .report(
                Diagnostic.INVALID_OPTION,
                element,
                m,
                v,
                "@Options stop",
                "a stop sequence must not be empty");
        ok = false;
      }
      stop.add(s);
    }
    long seed = annotations.longValue(m, "seed");
    Long sd = seed == Long.MIN_VALUE ? null : seed;
    String timeout = annotations.string(m, "timeout");
    Duration d = null;
    if (!timeout.isEmpty()) {
      d = duration(timeout);
      if (d == TOO_LONG) {
        invalid(
            element,
            m,
            "timeout",
            "\""
                + timeout
                + "\" is too long: a timeout must fit in a long of nanoseconds (about 292 years);"
                + " write a shorter one");
        ok = false;
      } else if (d == null) {
        invalid(
            element,
            m,
            "timeout",
            "\""
                + timeout
                + "\" is not a duration; write a positive amount and a lower-case unit without"
                + " spaces, like \"500ms\", \"30s\", \"2m\" or \"1h\" (or ISO-8601, like"
                + " \"PT30S\")");
        ok = false;
      }
    }
    String effort = annotations.string(m, "reasoningEffort");
    String re = null;
    if (!effort.isEmpty()) {
      if (EFFORTS.contains(effort)) {
        re = effort;
      } else {
        invalid(
            element,
            m,
            "reasoningEffort",
            "\""
                + effort
                + "\" is not an effort"
                + didYouMean(effort, EFFORTS)
                + "; write \"none\", \"minimal\", \"low\", \"medium\" or \"high\"");
        ok = false;
      }
    }
    int budget = annotations.integer(m, "reasoningBudgetTokens");
    Integer rb = null;
    if (budget != -1) {
      if (budget < MIN_BUDGET) {
        invalid(
            element,
            m,
            "reasoningBudgetTokens",
            "it must be at least "
                + MIN_BUDGET
                + " (Anthropic's minimum thinking budget), or -1 for unset, was "
                + budget);
        ok = false;
      } else if ("none".equals(re)) {
        invalid(
            element,
            m,
            "reasoningBudgetTokens",
            "a thinking budget contradicts reasoningEffort = \"none\"; set one of them");
        ok = false;
      } else {
        rb = budget;
      }
    }
    String cache = annotations.string(m, "promptCache");
    String pc = null;
    if (!cache.isEmpty()) {
      if (CACHES.contains(cache)) {
        pc = cache;
      } else {
        invalid(
            element,
            m,
            "promptCache",
            "\""
                + cache
                + "\" is not a prompt-cache setting"
                + didYouMean(cache, CACHES)
                + "; write \"off\", \"5m\" (5 minutes) or \"1h\" (1 hour)");
        ok = false;
      }
    }
    return ok ? new OptionsModel(t, mt, stop, sd, d, p, re, rb, pc) : null;
  }

  /** {@code @Options(reasoningEffort)}'s values, as {@code ReasoningEffort}'s wire names. */
  static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high");

  /** {@code @Options(promptCache)}'s values, as {@code PromptCache}'s texts. */
  static final List<String> CACHES = List.of("off", "5m", "1h");

  /**
   * {@code GenerationOptions.MIN_REASONING_BUDGET_TOKENS}: the processor cannot see the runtime.
   */
  static final int MIN_BUDGET = 1024;

  /**
   * {@code @Llm(maxToolRounds)} of {@code llm}: -1 when inherited, or the value; {@code
   * Integer.MIN_VALUE} after an error.
   */
  int maxToolRounds(Element element, AnnotationMirror llm) {
    if (llm == null) {
      return -1;
    }
    int value = annotations.integer(llm, "maxToolRounds");
    if (value < -1) {
      context
          .reporter()
          .report(
              Diagnostic.INVALID_OPTION,
              element,
              llm,
              Annotations.explicit(llm, "maxToolRounds"),
              "@Llm maxToolRounds",
              "it must be >= 0 (or -1 to inherit), was " + value);
      return Integer.MIN_VALUE;
    }
    return value;
  }

  /**
   * {@code @Llm(maxHistoryMessages)} or {@code @Llm(maxHistoryTokens)}, named by {@code attribute}:
   * -1 when inherited, else the value; {@code Integer.MIN_VALUE} after an error. No history at all
   * is what a method without {@code @MemoryId} gets, so 0 is an error too.
   */
  int historyLimit(Element element, AnnotationMirror llm, String attribute) {
    if (llm == null) {
      return -1;
    }
    int value = annotations.integer(llm, attribute);
    if (value == 0 || value < -1) {
      context
          .reporter()
          .report(
              Diagnostic.INVALID_OPTION,
              element,
              llm,
              Annotations.explicit(llm, attribute),
              "@Llm " + attribute,
              "it must be >= 1 (or -1 to inherit), was " + value);
      return Integer.MIN_VALUE;
    }
    return value;
  }

  /**
   * Returned by {@link #duration} for a duration that does not fit in a long of nanoseconds. The
   * runtime hands timeouts to OkHttp and to deadline arithmetic in nanoseconds, so a longer one
   * would fail on every call; {@code Duration} itself would overflow for the largest amounts
   * ({@code "9223372036854775807m"}). Compared by identity.
   */
  static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  /**
   * A positive duration by the rule a DSN's {@code timeout=} follows too ({@link DurationGrammar});
   * null when malformed or not positive; {@link #TOO_LONG} when too long.
   */
  static Duration duration(String text) {
    DurationGrammar.Result result = DurationGrammar.parse(text);
    if (result.problem() == null) {
      return result.duration();
    }
    return result.problem() == DurationGrammar.Problem.TOO_LONG ? TOO_LONG : null;
  }

  /** " (did you mean "high"?)" or "", inside a sentence the catalog message goes on after. */
  private static String didYouMean(String value, List<String> values) {
    String suggestion = Names.suggestion(value, values);
    return suggestion.isEmpty()
        ? ""
        : " (did you mean \""
            + suggestion.substring(suggestion.indexOf('\'') + 1, suggestion.lastIndexOf('\''))
            + "\"?)";
  }

  private void invalid(Element element, AnnotationMirror m, String name, String problem) {
    context
        .reporter()
        .report(
            Diagnostic.INVALID_OPTION,
            element,
            m,
            Annotations.explicit(m, name),
            "@Options " + name,
            problem);
  }
}
