package dev.majordomo.provider.openai;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import java.util.List;
import java.util.Locale;

/**
 * What OpenAI's well-known model families support, from their published model pages. Anything not
 * listed (and anything whose id suggests a special-purpose variant: audio, realtime, search,
 * transcription, speech) stays unknown, which the chain treats as supported.
 */
final class OpenAiModels {
  private OpenAiModels() {}

  private record Family(String prefix, Boolean images, Boolean tools, Boolean structured) {}

  // First match wins: more specific prefixes come first.
  private static final List<Family> FAMILIES =
      List.of(
          new Family("o1-mini", false, false, false),
          new Family("o1-preview", false, false, false),
          new Family("o3-mini", false, true, true),
          new Family("chatgpt-4o", true, false, false),
          new Family("gpt-4o-2024-05-13", true, true, false),
          new Family("gpt-4o", true, true, true),
          new Family("gpt-4.1", true, true, true),
          new Family("gpt-4.5", true, true, true),
          new Family("gpt-5", true, true, true),
          new Family("o1", true, true, true),
          new Family("o3", true, true, true),
          new Family("o4-mini", true, true, true),
          new Family("gpt-4-turbo", true, true, false),
          new Family("gpt-4-vision", true, false, false),
          new Family("gpt-4", false, true, false),
          new Family("gpt-3.5-turbo", false, true, false));

  private static final List<String> SPECIAL =
      List.of("audio", "realtime", "search", "transcribe", "tts", "image", "embedding");

  static Capabilities capabilities(String modelId) {
    if (modelId == null) {
      return Capabilities.unknown();
    }
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.startsWith("ft:")) {
      // ft:<base>:<org>:<suffix>:<id> — a fine-tune has its base model's abilities.
      int end = id.indexOf(':', 3);
      id = end < 0 ? id.substring(3) : id.substring(3, end);
    }
    for (String s : SPECIAL) {
      if (id.contains(s)) {
        return Capabilities.unknown();
      }
    }
    for (Family f : FAMILIES) {
      if (id.equals(f.prefix())
          || id.startsWith(f.prefix() + "-")
          || id.startsWith(f.prefix() + ".")) {
        return Capabilities.unknown()
            .with(Capability.IMAGES, f.images())
            .with(Capability.TOOLS, f.tools())
            .with(Capability.STRUCTURED_OUTPUT, f.structured());
      }
    }
    return Capabilities.unknown();
  }
}
