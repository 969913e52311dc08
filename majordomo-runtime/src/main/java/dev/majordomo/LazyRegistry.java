package dev.majordomo;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A registry created on first use, once, by whichever thread asks first. A factory that throws
 * leaves nothing behind, so the next caller tries again (and sees the error again) instead of a
 * class that failed to initialise.
 */
final class LazyRegistry {
  private final Supplier<Registry> factory;
  private volatile Registry value;

  LazyRegistry(Supplier<Registry> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  Registry get() {
    Registry r = value;
    if (r == null) {
      synchronized (this) {
        r = value;
        if (r == null) {
          r = Objects.requireNonNull(factory.get(), "registry factory returned null");
          value = r;
        }
      }
    }
    return r;
  }
}
