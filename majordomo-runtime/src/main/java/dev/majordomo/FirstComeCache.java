package dev.majordomo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cache that keeps the first {@code capacity} values put in it, for good. Lookups take no lock;
 * only inserts do, so the bound is exact. Values are made outside the cache (they may read the
 * environment or run a provider's code) and offered with {@link #keep}: a value a racing thread
 * kept first wins, so every caller ends with the same one while there is room. Past the bound a
 * value is handed back without being kept, and {@code onFirstOverflow} runs once.
 */
final class FirstComeCache<K, V> {
  private final Map<K, V> values = new ConcurrentHashMap<>();
  private final int capacity;
  private final Runnable onFirstOverflow;
  private boolean overflowed; // guarded by values

  FirstComeCache(int capacity, Runnable onFirstOverflow) {
    this.capacity = capacity;
    this.onFirstOverflow = onFirstOverflow;
  }

  /** The value kept for {@code key}, or {@code null}. */
  V get(K key) {
    return values.get(key);
  }

  /**
   * The value a racing thread kept for {@code key}, else {@code fresh}, kept while there is room.
   */
  V keep(K key, V fresh) {
    synchronized (values) {
      V raced = values.get(key);
      if (raced != null) {
        return raced;
      }
      if (values.size() < capacity) {
        values.put(key, fresh);
      } else if (!overflowed) {
        overflowed = true;
        onFirstOverflow.run();
      }
      return fresh;
    }
  }

  int size() {
    return values.size();
  }
}
