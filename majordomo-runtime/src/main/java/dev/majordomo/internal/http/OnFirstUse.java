package dev.majordomo.internal.http;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value of a model's made on the model's first call rather than when the model is opened: its
 * HTTP client, its URLs, its fixed headers. Opening a model is what a registry's start-up checks do
 * (a Spring Boot application resolves every configured chain as it starts); building a TLS-capable
 * client then would read and parse the JDK's trust store, about 150 ms of a cold start, and
 * building OkHttp's URLs and headers initializes OkHttp, Kotlin's standard library, okio and the
 * JDK's Unicode tables, for a call that may come much later or never. What could be wrong with the
 * value is checked when the model is opened, so that a mistake still stops the start-up.
 *
 * <p>A value that fails to be made is asked for again on the next call. Internal: see the package
 * documentation.
 *
 * @param <T> the value
 */
public final class OnFirstUse<T> implements Supplier<T> {
  private final Supplier<? extends T> source;
  private volatile T value;

  /**
   * @param source gives the value, once, on the first {@link #get()}
   */
  public OnFirstUse(Supplier<? extends T> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = value = Objects.requireNonNull(source.get(), "made nothing");
        }
      }
    }
    return v;
  }

  /** {@return the value if it has been made, else {@code null}; never makes it} */
  public T made() {
    return value;
  }
}
