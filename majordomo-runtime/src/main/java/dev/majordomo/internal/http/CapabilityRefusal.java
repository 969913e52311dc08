package dev.majordomo.internal.http;

import dev.majordomo.llm.ErrorKind;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ollama's 400 "… does not support X", on its own API and on its OpenAI-compatible {@code /v1}.
 * What it means for failover depends on X: a capability this request asks for (tools, thinking,
 * images) is a skip of the target for this request only, since the model serves other requests
 * fine; chat or generation itself (an embedding model put in a chain by mistake) means the target
 * can serve no request at all, and must be counted so that it is benched rather than sent every
 * request first.
 */
public final class CapabilityRefusal {
  private CapabilityRefusal() {}

  private static final Pattern REFUSAL = Pattern.compile("does not support (\\p{Alpha}+)");

  /**
   * {@link ErrorKind#CANNOT_SERVE} for a refused capability of the request, {@link
   * ErrorKind#NOT_FOUND} for a model that cannot chat or generate at all, or {@code null} when
   * {@code message} of a {@code status} reply is neither (the provider's own mapping applies).
   */
  public static ErrorKind kind(int status, String message) {
    if (status != 400 || message == null) {
      return null;
    }
    String text = message.toLowerCase(Locale.ROOT);
    if (text.contains("only supports one image")) {
      return ErrorKind.CANNOT_SERVE;
    }
    Matcher m = REFUSAL.matcher(text);
    if (!m.find()) {
      return null;
    }
    return switch (m.group(1)) {
      case "tools", "thinking", "images", "image", "vision" -> ErrorKind.CANNOT_SERVE;
      case "chat", "generate", "completion", "completions", "embedding", "embeddings" ->
          ErrorKind.NOT_FOUND;
      default -> null;
    };
  }
}
