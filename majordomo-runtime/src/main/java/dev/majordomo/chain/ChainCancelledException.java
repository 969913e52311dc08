package dev.majordomo.chain;

import dev.majordomo.MajordomoException;
import dev.majordomo.llm.Attempt;
import java.util.List;

/**
 * The caller cancelled a chain call: its thread was interrupted, or a target reported cancellation.
 * The chain stops at once and restores the thread's interrupt flag before throwing this. The cause,
 * when there is one, is the error that reported the cancellation.
 */
public final class ChainCancelledException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  private final transient List<Attempt> attempts;

  /**
   * Creates the exception.
   *
   * @param attempts the attempts made before the cancellation, the cancelled one included
   * @param cause the error that reported the cancellation, or {@code null}
   */
  public ChainCancelledException(List<Attempt> attempts, Throwable cause) {
    super(
        ChainExhaustedException.describe(
            ChainExhaustedException.headline("the chain call was cancelled", attempts), attempts),
        cause);
    this.attempts = List.copyOf(attempts);
  }

  /** {@return the attempts made before the cancellation, the cancelled one included} */
  public List<Attempt> attempts() {
    return attempts == null ? List.of() : attempts;
  }
}
