package dev.majordomo.spring.autoconfigure;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks every value under {@code majordomo.mcp.*} (and its environment-variable spelling {@code
 * MAJORDOMO_MCP_*}) in what Boot's {@code env} endpoint shows: a server's bearer token, its headers
 * and the environment of its subprocess are secrets, and so may be an argument or a URL's query.
 * Masking them all keeps a secret out of sight under a key nobody thought of.
 */
final class McpSecretsSanitizingFunction implements SanitizingFunction {

  @Override
  public SanitizableData apply(SanitizableData data) {
    String key = data.getKey();
    if (key == null || data.getValue() == null) {
      return data;
    }
    String upper = key.toUpperCase(Locale.ROOT);
    return upper.startsWith("MAJORDOMO.MCP.") || upper.startsWith("MAJORDOMO_MCP_")
        ? data.withValue(DsnTokenSanitizingFunction.MASK)
        : data;
  }
}
