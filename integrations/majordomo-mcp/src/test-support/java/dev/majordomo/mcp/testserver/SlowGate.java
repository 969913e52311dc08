package dev.majordomo.mcp.testserver;

import java.time.Duration;

/**
 * Where calls of the {@code slow} tool wait: until {@link #release()} lets every call waiting now
 * go, or until {@link #close()} lets every call go for good. Calls that arrive after a release wait
 * for the next one, so one test can hold several slow calls in turn without any real sleep.
 */
final class SlowGate {
  private final Object lock = new Object();
  private long generation;
  private int waiting;
  private boolean closed;

  /**
   * Waits for the next release.
   *
   * @throws InterruptedException when the call is cancelled (its thread interrupted)
   */
  void pass() throws InterruptedException {
    synchronized (lock) {
      long arrivedIn = generation;
      waiting++;
      lock.notifyAll();
      try {
        while (arrivedIn == generation && !closed) {
          lock.wait();
        }
      } finally {
        waiting--;
        lock.notifyAll();
      }
    }
  }

  /** Lets every call waiting now go. */
  void release() {
    synchronized (lock) {
      generation++;
      lock.notifyAll();
    }
  }

  /**
   * Waits until at least {@code count} calls wait at the gate.
   *
   * @return whether they did within the timeout
   */
  boolean awaitWaiting(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (waiting < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Lets every call go, now and later (the server stops). */
  void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }
}
