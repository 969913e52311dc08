package dev.majordomo.chain;

import dev.majordomo.llm.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The chain's call-wide deadline passed before any target answered. It is a {@link
 * ChainExhaustedException}: code that handles "no target answered" handles this too. Its attempts
 * list the targets that were tried and, as skipped with "deadline passed", those that were not.
 */
public final class ChainDeadlineException extends ChainExhaustedException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the deadline the call had
   */
  private final Duration deadline;

  /**
   * Creates the exception.
   *
   * @param deadline the deadline the call had
   * @param attempts every attempt of the call, the targets not reached included as skipped
   */
  public ChainDeadlineException(Duration deadline, List<Attempt> attempts) {
    super(
        headline(
            "the chain's deadline of "
                + Objects.requireNonNull(deadline, "deadline").toMillis()
                + " ms passed before any target answered",
            attempts),
        attempts);
    this.deadline = deadline;
  }

  /** {@return the deadline the call had} */
  public Duration deadline() {
    return deadline;
  }
}
