package dev.majordomo.internal.assistant;

import java.util.concurrent.CompletableFuture;

/**
 * The future of an asynchronous call. Cancelling it, or any future derived from it ({@code
 * thenApply}, {@code thenCompose}, …), also runs {@code onCancel}, which interrupts the call:
 * generated code hands the user {@code callAsync(..).thenApply(Reply::value)}, and cancelling that
 * must stop the call, not only the mapping.
 */
final class CancellingFuture<T> extends CompletableFuture<T> {
  private final Runnable onCancel;

  CancellingFuture(Runnable onCancel) {
    this.onCancel = onCancel;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      onCancel.run();
    }
    return cancelled;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CancellingFuture<>(onCancel);
  }
}
