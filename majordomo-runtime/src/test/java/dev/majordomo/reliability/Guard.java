package dev.majordomo.reliability;

import dev.majordomo.MajordomoException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one try of a fuzz property with a time limit and checks what it threw. jqwik has no timeout
 * of its own, so every try runs on a worker thread and the property fails as a hang when the try
 * does not finish in time (the worker is interrupted and abandoned).
 */
final class Guard {
  /** Far above what any try needs on a loaded 2-core machine; only a real hang gets near it. */
  static final Duration TRY_LIMIT = Duration.ofSeconds(20);

  private static final ExecutorService WORKERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fuzz-try");
            t.setDaemon(true);
            return t;
          });

  private Guard() {}

  /** What a try produced: a value, or one of the typed errors it was allowed to throw. */
  record Outcome<T>(T value, MajordomoException error) {
    boolean failed() {
      return error != null;
    }
  }

  /**
   * Runs {@code body} within {@link #TRY_LIMIT}. A {@link MajordomoException} of one of the {@code
   * allowed} types is returned as the outcome; anything else (a {@code NullPointerException}, an
   * index error, another type) fails the property, and so does a try that does not finish.
   */
  @SafeVarargs
  static <T> Outcome<T> run(
      Object input, Callable<T> body, Class<? extends MajordomoException>... allowed) {
    Future<T> future = WORKERS.submit(body);
    try {
      return new Outcome<>(future.get(TRY_LIMIT.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError("hang: no result within " + TRY_LIMIT + " for input " + input);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      for (Class<? extends MajordomoException> type : allowed) {
        if (type.isInstance(cause)) {
          MajordomoException typed = type.cast(cause);
          if (typed.getMessage() == null || typed.getMessage().isBlank()) {
            throw new AssertionError("a typed error without a message", typed);
          }
          return new Outcome<>(null, typed);
        }
      }
      if (cause instanceof AssertionError a) {
        throw a;
      }
      StringBuilder names = new StringBuilder();
      for (Class<? extends MajordomoException> type : allowed) {
        names.append(names.length() == 0 ? "" : ", ").append(type.getSimpleName());
      }
      throw new AssertionError(
          "expected a result or one of [" + names + "] but got " + cause + " for input " + input,
          cause);
    }
  }
}
