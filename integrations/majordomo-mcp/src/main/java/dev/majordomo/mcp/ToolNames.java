package dev.majordomo.mcp;

import dev.majordomo.ToolSourceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names the model sees for a server's tools: the prefix and the server's name, with every
 * character outside {@code [a-zA-Z0-9_-]} replaced by {@code _}, and names longer than 64
 * characters cut to 55 and ended with {@code _} and 8 hex digits of a hash of the full name, so
 * that the same server always yields the same names.
 */
final class ToolNames {
  static final int MAX_LENGTH = 64;
  private static final int HASH_HEX_DIGITS = 8;

  private ToolNames() {}

  /**
   * The exposed name of one tool.
   *
   * @param prefix the source's prefix, already valid
   * @param serverName the tool's name on the server
   * @return a name matching {@code [a-zA-Z0-9_-]{1,64}}
   */
  static String exposed(String prefix, String serverName) {
    String full = prefix + serverName;
    StringBuilder name = new StringBuilder(full.length());
    for (int i = 0; i < full.length(); i++) {
      char c = full.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      name.append(allowed ? c : '_');
    }
    if (name.length() == 0) {
      return "_";
    }
    if (name.length() <= MAX_LENGTH) {
      return name.toString();
    }
    int keep = MAX_LENGTH - HASH_HEX_DIGITS - 1;
    return name.substring(0, keep) + "_" + hash(full);
  }

  /**
   * Maps the server's names to exposed names, refusing two that become the same.
   *
   * @param source the source's name, for the error
   * @param prefix the prefix
   * @param serverNames the tools' names on the server, in order
   * @return exposed name to server name, in the server's order
   * @throws ToolSourceException naming both tools when two map to one name
   */
  static Map<String, String> assign(String source, String prefix, List<String> serverNames) {
    Map<String, String> byExposed = new LinkedHashMap<>();
    for (String serverName : serverNames) {
      String exposed = exposed(prefix, serverName);
      String earlier = byExposed.putIfAbsent(exposed, serverName);
      if (earlier != null) {
        throw new ToolSourceException(
            source,
            "MCP server '"
                + source
                + "' has tools '"
                + earlier
                + "' and '"
                + serverName
                + "' that both become the tool name '"
                + exposed
                + "'; leave one out with .tools(…) or set another prefix");
      }
    }
    return byExposed;
  }

  private static String hash(String full) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
