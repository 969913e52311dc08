package dev.majordomo.opentelemetry;

import dev.majordomo.llm.Target;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gen_ai.provider.name} of a target: its scheme, which for Majordomo's providers ({@code
 * openai}, {@code anthropic}) is the conventions' own value, and for the others ({@code ollama},
 * {@code foreman}, a scheme the application registers) names them as well as anything could.
 */
final class ProviderNames {
  private ProviderNames() {}

  /** Schemes a user is likely to register whose conventional name is spelled otherwise. */
  private static final Map<String, String> CONVENTIONAL =
      Map.of("mistral", "mistral_ai", "xai", "x_ai", "bedrock", "aws.bedrock");

  static String of(Target target) {
    // The registry's schemes are lower case, but a Target an application builds for a Chain it
    // calls itself need not be; the conventions' names are.
    String scheme = target.scheme().toLowerCase(Locale.ROOT);
    return CONVENTIONAL.getOrDefault(scheme, scheme);
  }
}
