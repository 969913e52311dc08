package dev.majordomo.chain;

import dev.majordomo.MajordomoException;
import dev.majordomo.llm.Attempt;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * No target of a chain answered: each one failed, was skipped, or (for the {@link
 * ChainDeadlineException} subclass) was not reached before the deadline. The message lists every
 * attempt, one per line, with its outcome; every underlying error is attached as a suppressed
 * exception. The message holds no token: targets hold none and providers redact their errors.
 */
public sealed class ChainExhaustedException extends MajordomoException
    permits ChainDeadlineException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: attempts hold arbitrary throwables; the suppressed list carries the errors. */
  private final transient List<Attempt> attempts;

  /**
   * Creates the exception.
   *
   * @param attempts every attempt of the call, in order
   */
  public ChainExhaustedException(List<Attempt> attempts) {
    this(headline("no target of the chain answered", attempts), attempts);
  }

  ChainExhaustedException(String headline, List<Attempt> attempts) {
    super(describe(headline, attempts));
    this.attempts = List.copyOf(attempts);
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Attempt attempt : this.attempts) {
      Throwable error = attempt.error();
      if (error != null && error != this && seen.add(error)) {
        addSuppressed(error);
      }
    }
  }

  /** {@return every attempt of the call, in order: failures and skips} */
  public List<Attempt> attempts() {
    return attempts == null ? List.of() : attempts;
  }

  static String headline(String what, List<Attempt> attempts) {
    long targets = attempts.stream().map(Attempt::target).distinct().count();
    return what
        + " ("
        + plural(targets, "target")
        + ", "
        + plural(
            attempts.stream().filter(a -> a.outcome() != Attempt.Outcome.SKIPPED).count(), "call")
        + ")";
  }

  static String describe(String headline, List<Attempt> attempts) {
    StringBuilder s = new StringBuilder(headline);
    if (!attempts.isEmpty()) {
      s.append(':');
    }
    for (Attempt attempt : attempts) {
      s.append("\n  ").append(attempt);
    }
    return s.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
