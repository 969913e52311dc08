package dev.majordomo.redis;

import dev.majordomo.MajordomoException;
import java.util.Optional;

/**
 * A {@link RedisConversationStore} call that Redis refused or did not answer in time: the message
 * names the operation, the server (host and port, never a password) and the reason, such as {@code
 * no answer within 2 s} or {@code not connected}; the {@link #getCause() cause} is the Lettuce
 * client's exception.
 *
 * <p>As with the other stores, the message never holds the conversation id, which may be personal
 * data (an e-mail address), only its length; {@link #conversationId()} returns it, for a caller
 * that decides to show it.
 *
 * <p>An append that timed out may still have been applied: Redis may have received it before the
 * connection was lost. An append that failed for any other reason was not.
 */
public final class RedisStoreException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  private final String conversationId;

  RedisStoreException(String message, String conversationId, Throwable cause) {
    super(message, cause);
    this.conversationId = conversationId;
  }

  /** The conversation the call was about; empty when the store could not connect at all. */
  public Optional<String> conversationId() {
    return Optional.ofNullable(conversationId);
  }
}
