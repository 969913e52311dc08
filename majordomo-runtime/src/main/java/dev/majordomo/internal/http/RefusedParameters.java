package dev.majordomo.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Target;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional request parameters that one model refused, and the retry without them.
 *
 * <p>Reasoning models refuse sampling parameters that other models take: OpenAI's o-series and
 * gpt-5 family answer 400 {@code unsupported_value} to a {@code temperature} other than the default
 * and {@code unsupported_parameter} to {@code reasoning_effort} on a model that cannot reason. Such
 * a parameter is a preference, not a requirement: when a 400 names one that the request set and
 * that is in this model's {@code optional} list, the same target is sent the request again without
 * it (or, for a {@code renames} entry, under its other name), and the model remembers it so that
 * later calls leave it out from the start. A 422 counts the same when it names such a parameter:
 * Mistral and DeepSeek answer 422, not 400, to a parameter they do not take (Mistral's "Extra
 * inputs are not permitted" names it in the {@code loc} of its validation detail); a 422 that names
 * none fails as before. A nested {@code param} ({@code reasoning.effort}) names its top-level
 * parameter ({@code reasoning}), the one that is left out. The first time a model refuses a
 * parameter is logged at {@code INFO}; later calls, which no longer send it, say nothing. A 400
 * about anything else (a message's role, a malformed schema) fails as it always did.
 *
 * <p>The retry belongs to the same attempt: the attempt log and the observers see one attempt whose
 * time covers both exchanges, and it gets what is left of the attempt's time limit, not a fresh
 * one. Thread-safe: two calls that learn the same refusal at once both retry, one of them logs.
 * Memory is bounded by the {@code optional} list: only names from it are remembered.
 */
public final class RefusedParameters {
  private static final System.Logger LOG = System.getLogger(RefusedParameters.class.getName());

  // OpenAI: "Unsupported parameter: 'reasoning_effort' is not supported with this model." and
  // "Unsupported value: 'temperature' does not support 0.2 with this model." (its error guide,
  // wire capture oai-err-400-unsupported-value.json); other servers word it their own way.
  private static final Pattern REFUSAL =
      Pattern.compile(
          "unsupported|not supported|does not support|unrecognized request argument"
              + "|unknown parameter|not permitted|extra inputs are not permitted"
              // Anthropic: "`temperature` and `top_p` cannot both be specified for this model."
              + "|cannot both be specified");

  private static final Set<String> REFUSAL_CODES =
      Set.of("unsupported_parameter", "unsupported_value", "unknown_parameter");

  private final Target target;
  private final TimeSource time;
  private final List<String> optional;
  private final Map<String, String> renames;
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  /**
   * A model that has refused nothing yet.
   *
   * @param target the model's target, named in the log line
   * @param time the clock that measures what is left of an attempt's time limit
   * @param optional the top-level wire parameters that may be left out when refused
   * @param renames a refused parameter that is sent under another name instead ({@code max_tokens}
   *     to {@code max_completion_tokens} and back)
   */
  public RefusedParameters(
      Target target, TimeSource time, List<String> optional, Map<String, String> renames) {
    this.target = Objects.requireNonNull(target, "target");
    this.time = Objects.requireNonNull(time, "time");
    this.optional = List.copyOf(optional);
    this.renames = Map.copyOf(renames);
  }

  /** {@return the parameters this model has refused so far} */
  public Set<String> refused() {
    return Set.copyOf(refused);
  }

  /**
   * Sends {@code body} with {@code exchange}, leaving out what the model refused before; when the
   * model refuses an optional parameter of it, sends it again without that one, once per parameter.
   *
   * @param body the request body; changed in place
   * @param limit the attempt's time limit, or {@code null} for none
   * @param exchange sends a body within a time limit
   * @param <T> what the exchange returns
   * @return what the accepted exchange returned
   * @throws LlmException what the exchange threw, when it is not a refusal of an optional parameter
   *     that the body holds; {@link ErrorKind#TRANSIENT} when the time limit ran out before the
   *     retry
   */
  public <T> T send(ObjectNode body, Duration limit, BiFunction<ObjectNode, Duration, T> exchange) {
    for (String name : refused) {
      leaveOut(body, name);
    }
    Instant start = time.now();
    Duration left = limit;
    Set<String> leftOut = new HashSet<>();
    while (true) {
      try {
        return exchange.apply(body, left);
      } catch (LlmException e) {
        String name = refusedParameter(e, body);
        if (name == null || !leftOut.add(name)) {
          throw e;
        }
        learn(name, e);
        leaveOut(body, name);
        if (limit != null) {
          left = limit.minus(Duration.between(start, time.now()));
          if (left.isNegative() || left.isZero()) {
            throw LlmException.builder(
                    ErrorKind.TRANSIENT,
                    "timed out: no time was left within "
                        + limit.toMillis()
                        + " ms to send the request again without "
                        + name)
                .target(target)
                .cause(e)
                .build();
          }
        }
      }
    }
  }

  private void learn(String name, LlmException refusal) {
    if (refused.add(name)) {
      String instead = renames.get(name);
      LOG.log(
          System.Logger.Level.INFO,
          () ->
              target
                  + " refused the parameter "
                  + name
                  + " ("
                  + refusal.providerCode().orElse("HTTP " + refusal.status().orElse(400))
                  + "); "
                  + (instead != null
                      ? "sending " + instead + " instead from now on"
                      : "no longer sending it"));
    }
  }

  private void leaveOut(ObjectNode body, String name) {
    JsonNode value = body.remove(name);
    String instead = renames.get(name);
    if (value != null && instead != null && !body.has(instead) && !refused.contains(instead)) {
      body.set(instead, value);
    }
  }

  /**
   * The optional parameter of {@code body} that {@code e} refuses, or {@code null}: a 400 or 422
   * with a refusal's code or wording whose error names the parameter (or a field of it) in {@code
   * param}, or else in its message.
   */
  String refusedParameter(LlmException e, ObjectNode body) {
    int status = e.status().orElse(-1);
    if (status != 400 && status != 422) {
      return null;
    }
    String code = e.providerCode().orElse("");
    String message = Objects.toString(e.getMessage(), "") + " " + e.bodyExcerpt().orElse("");
    // A 400 that names a parameter may still refuse only its value ("max_completion_tokens is too
    // large", code invalid_value): leaving the parameter out would lift the caller's limit for
    // good. Only a refusal of the parameter itself, by code or by wording, is retried.
    if (!REFUSAL_CODES.contains(code)
        && !REFUSAL.matcher(message.toLowerCase(Locale.ROOT)).find()) {
      return null;
    }
    String param = paramOf(e.bodyExcerpt().orElse(null));
    if (param != null) {
      return optional.contains(param) && body.has(param) ? param : null;
    }
    for (String name : optional) {
      if (body.has(name) && namedIn(message, name)) {
        return name;
      }
    }
    return null;
  }

  private static boolean namedIn(String message, String name) {
    Matcher m =
        Pattern.compile("(?<![\\w.\\[])" + Pattern.quote(name) + "(?![\\w\\[])").matcher(message);
    return m.find();
  }

  /**
   * The top-level parameter that the {@code param} of an OpenAI-style error body names ({@code
   * reasoning} for {@code reasoning.effort}, {@code messages} for {@code messages[0].role}), or
   * {@code null}.
   */
  private static String paramOf(String excerpt) {
    if (excerpt == null) {
      return null;
    }
    try {
      JsonNode param = WireJson.readTree(excerpt).path("error").path("param");
      if (!param.isTextual() || param.asText().isEmpty()) {
        return null;
      }
      String path = param.asText();
      int end = path.length();
      for (char separator : new char[] {'.', '['}) {
        int at = path.indexOf(separator);
        if (at > 0 && at < end) {
          end = at;
        }
      }
      return path.substring(0, end);
    } catch (JsonProcessingException notJson) {
      // A cut or non-JSON excerpt: the message decides.
      return null;
    }
  }
}
