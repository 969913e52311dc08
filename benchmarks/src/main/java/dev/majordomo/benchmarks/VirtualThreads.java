package dev.majordomo.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads, found by reflection: the benchmarks compile for Java 17, and run on 21 or later
 * when a benchmark is asked for them.
 */
final class VirtualThreads {
  private VirtualThreads() {}

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
  static ExecutorService perTask() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "virtual threads need Java 21 or later; this is " + System.getProperty("java.version"),
          e);
    }
  }
}
