package dev.majordomo.provider.ollama;

import dev.majordomo.llm.Capabilities;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Capabilities per model, probed at most once per key. Concurrent callers for the same key wait for
 * the one probe in flight; different keys do not wait for each other. Thread-safe.
 */
final class CapabilityCache {
  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * The cached capabilities for {@code key}, probing them first if needed.
   *
   * @param probe returns the capabilities, or {@code null} for a probe that was cut short (the
   *     caller was interrupted) and must be tried again next time; it never throws
   */
  Capabilities get(String key, Supplier<Capabilities> probe) {
    return entries.computeIfAbsent(key, k -> new Entry()).get(probe);
  }

  private static final class Entry {
    private Capabilities value;

    synchronized Capabilities get(Supplier<Capabilities> probe) {
      if (value == null) {
        Capabilities probed = probe.get();
        if (probed == null) {
          return Capabilities.unknown();
        }
        value = probed;
      }
      return value;
    }
  }
}
