package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Part;
import java.util.List;
import java.util.Objects;

/**
 * The rendered prompt of one call. For generated code: the processor renders the templates with the
 * method's arguments and passes the result here.
 *
 * @param system the system prompt, or {@code null} for none
 * @param user the parts of the user message (text, and images passed as arguments)
 * @param conversation the raw {@code @MemoryId} argument, or {@code null} for a call without chat
 *     memory
 */
public record CallPrompt(String system, List<Part> user, Object conversation) {
  public CallPrompt {
    user = List.copyOf(Objects.requireNonNull(user, "user"));
    if (user.isEmpty()) {
      throw new IllegalArgumentException("a prompt needs at least one user part");
    }
  }

  /** A prompt outside any conversation. */
  public CallPrompt(String system, List<Part> user) {
    this(system, user, null);
  }

  /** This prompt continuing conversation {@code id} (the raw argument; the runtime checks it). */
  public CallPrompt inConversation(Object id) {
    return new CallPrompt(system, user, id);
  }

  /** A prompt of a system text (or {@code null}) and one user text. */
  public static CallPrompt of(String system, String user) {
    return new CallPrompt(system, List.of(Part.text(user)));
  }
}
