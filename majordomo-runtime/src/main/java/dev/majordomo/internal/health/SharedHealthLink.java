package dev.majordomo.internal.health;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthUpdates;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tracker's line to a {@link SharedHealth}: every call is guarded, so that a shared store that
 * throws never fails a model call (the first error is logged at {@code WARNING}, later ones at
 * {@code DEBUG}), and nothing is sent once the link is closed. Calls are made inline, on the thread
 * that recorded the failure or success: returning at once is the implementation's contract.
 */
final class SharedHealthLink {
  private static final System.Logger LOG = System.getLogger(SharedHealth.class.getName());

  private final SharedHealth shared;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  SharedHealthLink(SharedHealth shared) {
    this.shared = Objects.requireNonNull(shared, "sharedHealth");
  }

  void start(HealthUpdates updates) {
    if (closed.get() || !started.compareAndSet(false, true)) {
      return;
    }
    try {
      shared.start(updates);
    } catch (Exception e) {
      failed("start", e);
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {
    if (closed.get()) {
      return;
    }
    try {
      shared.failed(target, policy, here, at);
    } catch (Exception e) {
      failed("failed", e);
    }
  }

  void rateLimited(Target target, Instant until) {
    if (closed.get()) {
      return;
    }
    try {
      shared.rateLimited(target, until);
    } catch (Exception e) {
      failed("rateLimited", e);
    }
  }

  void recovered(Target target) {
    if (closed.get()) {
      return;
    }
    try {
      shared.recovered(target);
    } catch (Exception e) {
      failed("recovered", e);
    }
  }

  /** Closes the shared health once; later calls do nothing. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      shared.close();
    } catch (Exception e) {
      failed("close", e);
    }
  }

  private void failed(String method, Exception e) {
    // Class names only at WARNING: an implementation's message might quote its connection string.
    String what = shared.getClass().getName();
    if (warned.compareAndSet(false, true)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the shared health "
              + what
              + " threw "
              + e.getClass().getName()
              + " from "
              + method
              + "(); health stays local where it fails (this and further errors are logged at"
              + " DEBUG)");
    }
    LOG.log(
        System.Logger.Level.DEBUG, () -> "the shared health " + what + " threw from " + method, e);
  }
}
