package dev.majordomo.internal.assistant;

import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.Turn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A store for tests: every turn kept, every load and append counted. Thread-safe. */
final class RecordingStore implements ConversationStore {
  private final Map<String, List<Turn>> turns = new LinkedHashMap<>();
  final AtomicInteger loads = new AtomicInteger();
  final AtomicInteger appends = new AtomicInteger();
  final List<Integer> loadLimits = new ArrayList<>();

  @Override
  public synchronized List<Turn> load(String conversationId, int maxMessages) {
    loads.incrementAndGet();
    loadLimits.add(maxMessages);
    List<Turn> all = turns.getOrDefault(conversationId, List.of());
    // at least every turn that holds one of the newest maxMessages messages, as the SPI says
    int from = all.size();
    long messages = 0;
    while (from > 0 && messages < maxMessages) {
      messages += all.get(--from).size();
    }
    return List.copyOf(all.subList(from, all.size()));
  }

  @Override
  public synchronized void append(String conversationId, Turn turn) {
    appends.incrementAndGet();
    turns.computeIfAbsent(conversationId, k -> new ArrayList<>()).add(turn);
  }

  @Override
  public synchronized void delete(String conversationId) {
    turns.remove(conversationId);
  }

  synchronized List<Turn> turns(String conversationId) {
    return List.copyOf(turns.getOrDefault(conversationId, List.of()));
  }

  synchronized Map<String, List<Turn>> all() {
    return Map.copyOf(turns);
  }
}
