package dev.majordomo.provider.ollama;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Capabilities per model, probed once per key while the answer holds. Thread-safe, and no lock is
 * held while a probe runs: the caller that finds nothing known runs the probe on its own thread
 * (bounded by its own time limit); a concurrent caller for the same key waits for that probe only
 * as long as its own limit allows, interruptibly or until its call is cancelled, and otherwise goes
 * on as if nothing were known. Callers for other keys never wait for it.
 *
 * <p>An answer is kept for the provider's lifetime. A failed probe (the server down, the model not
 * pulled yet) is remembered as "unknown" for {@link #RETRY_FAILED_PROBE_AFTER}, measured on the
 * caller's {@link TimeSource}, and then asked again. A probe cut short by its caller (interrupted,
 * or stopped by the caller's own deadline) is not remembered at all. Entries are one per model
 * called, and at most about {@link #MAX_ENTRIES} (models built from input, {@code "ollama/" +
 * userInput}, must not grow it without end): when full, failed probes whose time is up make room;
 * past that, a new model is probed on each call and its answer not kept. The bound is checked
 * without a lock, so concurrent first probes may pass it by at most the number of callers.
 */
final class CapabilityCache {
  /** How long a failed probe stands before the next caller asks again. */
  static final Duration RETRY_FAILED_PROBE_AFTER = Duration.ofMinutes(1);

  /** What a probe found. */
  sealed interface Probed {
    /** The server answered: keep it. */
    record Answer(Capabilities capabilities) implements Probed {}

    /** The server could not say: unknown, asked again after a while. */
    record Failed() implements Probed {}

    /** The caller stopped the probe (interrupt, its own deadline): ask again next time. */
    record CutShort() implements Probed {}
  }

  private sealed interface Entry {}

  /** A probe's result; {@code retryAt} {@code null} for an answer kept for good. */
  private record Known(Capabilities capabilities, Instant retryAt) implements Entry {}

  private record Probing(CompletableFuture<Capabilities> result) implements Entry {}

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** The most models whose capabilities are kept; a program calls a handful. */
  static final int MAX_ENTRIES = 1024;

  /** How many models have an entry (for tests). */
  int size() {
    return entries.size();
  }

  /**
   * The capabilities for {@code key}, probing them first if nothing is known.
   *
   * @param wait the longest this caller may wait for a probe another caller is running
   * @param time the clock that dates a failed probe
   * @param probe asks the server, bounded by this caller's limit; it never throws
   */
  Capabilities get(String key, Duration wait, TimeSource time, Supplier<Probed> probe) {
    while (true) {
      Entry entry = entries.get(key);
      if (entry instanceof Known known
          && (known.retryAt() == null || time.now().isBefore(known.retryAt()))) {
        return known.capabilities();
      }
      if (entry instanceof Probing probing) {
        return await(probing.result(), wait);
      }
      if (entry == null && entries.size() >= MAX_ENTRIES && !madeRoom(time.now())) {
        // Full of answers and of failures still standing: answer this caller, keep nothing.
        return probe.get() instanceof Probed.Answer answer
            ? answer.capabilities()
            : Capabilities.unknown();
      }
      Probing mine = new Probing(new CompletableFuture<>());
      boolean claimed =
          entry == null
              ? entries.putIfAbsent(key, mine) == null
              : entries.replace(key, entry, mine);
      if (claimed) {
        return run(key, mine, time, probe);
      }
      // Another caller changed the entry meanwhile: look again.
    }
  }

  /**
   * Drops failed probes whose time is up (junk model names from input, asked once): they would be
   * asked again anyway, and a real model deserves the room. Whether an entry then fits.
   */
  private boolean madeRoom(Instant now) {
    entries
        .values()
        .removeIf(e -> e instanceof Known k && k.retryAt() != null && !now.isBefore(k.retryAt()));
    return entries.size() < MAX_ENTRIES;
  }

  private Capabilities run(String key, Probing mine, TimeSource time, Supplier<Probed> probe) {
    Capabilities result = Capabilities.unknown();
    try {
      Probed probed = probe.get();
      if (probed instanceof Probed.Answer answer) {
        result = answer.capabilities();
        entries.replace(key, mine, new Known(result, null));
      } else if (probed instanceof Probed.Failed) {
        entries.replace(key, mine, new Known(result, time.now().plus(RETRY_FAILED_PROBE_AFTER)));
      } else {
        entries.remove(key, mine);
      }
      return result;
    } finally {
      // Also on an Error from the probe: never leave waiters or a stuck entry behind.
      entries.remove(key, mine);
      mine.result().complete(result);
    }
  }

  private static Capabilities await(CompletableFuture<Capabilities> probe, Duration wait) {
    // A copy of this caller's own: a cancellation of the call (closing a stream, cancelling an
    // async call) completes it, which ends the wait at once without touching the probe that
    // another caller runs and others may wait for. The chain then sees the cancellation and stops.
    CompletableFuture<Capabilities> mine = probe.copy();
    Cancellation.Registration cancel =
        Cancellation.current().onCancel(() -> mine.complete(Capabilities.unknown()));
    try {
      return mine.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      // The caller's chain sees the flag and stops.
      Thread.currentThread().interrupt();
      return Capabilities.unknown();
    } catch (TimeoutException | ExecutionException e) {
      return Capabilities.unknown();
    } finally {
      cancel.close();
    }
  }
}
