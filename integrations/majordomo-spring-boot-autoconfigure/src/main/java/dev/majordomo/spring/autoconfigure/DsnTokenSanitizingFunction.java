package dev.majordomo.spring.autoconfigure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the token of every DSN held by a {@code majordomo.*} property or an {@code LLM_*} variable
 * in what Boot's {@code configprops} and {@code env} endpoints show: Boot masks nothing by itself
 * once an application sets {@code show-values}, and a DSN carries its token in plain sight. Only
 * the token goes: {@code openai://******@api.openai.com/gpt-4o} still says where the model is.
 */
final class DsnTokenSanitizingFunction implements SanitizingFunction {
  static final String MASK = "******";

  /**
   * From the scheme's {@code ://} to the last {@code @}: wider than a DSN's token when a model id
   * holds an {@code @} (masking too much rather than too little), and it also covers a token whose
   * {@code /} was not percent-encoded, which the registry refuses but the endpoints still show.
   */
  private static final Pattern TOKEN = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)(.*)@");

  @Override
  public SanitizableData apply(SanitizableData data) {
    if (!(data.getValue() instanceof CharSequence value) || !isOurs(data.getKey())) {
      return data;
    }
    Matcher token = TOKEN.matcher(value);
    return token.find() && !token.group(2).isEmpty()
        ? data.withValue(token.replaceFirst("$1" + Matcher.quoteReplacement(MASK) + "@"))
        : data;
  }

  /**
   * {@code majordomo.models.x}, its environment-variable spelling {@code MAJORDOMO_MODELS_X} and
   * every {@code LLM_*} variable; other {@code majordomo.*} properties hold no DSN but are masked
   * alike should one ever be written there.
   */
  private static boolean isOurs(String key) {
    if (key == null) {
      return false;
    }
    String upper = key.toUpperCase(Locale.ROOT);
    return upper.startsWith("MAJORDOMO.")
        || upper.startsWith("MAJORDOMO_")
        || upper.startsWith("LLM_");
  }
}
