package dev.majordomo.observation;

import java.util.Objects;

/**
 * An assistant method call that starts.
 *
 * @param assistant the assistant interface
 * @param method the method's name
 * @param chain the chain the method calls, e.g. {@code "fast,thinking"}
 * @param conversationId the text of the call's {@code @MemoryId} argument, or {@code null} when the
 *     method keeps no conversation. It may be personal data: an observer that exports it should let
 *     its user turn that off.
 * @param stream whether the method returns a stream
 */
public record CallStart(
    Class<?> assistant, String method, String chain, String conversationId, boolean stream) {

  /**
   * Checks the call.
   *
   * @param assistant the assistant interface, not null
   * @param method the method's name, not null
   * @param chain the chain, not null
   * @param conversationId the conversation's id, or {@code null}
   * @param stream whether the method returns a stream
   */
  public CallStart {
    Objects.requireNonNull(assistant, "assistant");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(chain, "chain");
  }

  /** {@return {@code Interface.method}, with the interface's simple name} */
  public String qualifiedName() {
    return assistant.getSimpleName() + "." + method;
  }

  /** Leaves the conversation id out: it may be personal data. */
  @Override
  public String toString() {
    return "CallStart["
        + qualifiedName()
        + ", chain="
        + chain
        + (conversationId != null ? ", in a conversation" : "")
        + (stream ? ", stream" : "")
        + "]";
  }
}
