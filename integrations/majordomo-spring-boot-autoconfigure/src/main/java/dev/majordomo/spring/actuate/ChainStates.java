package dev.majordomo.spring.actuate;

import dev.majordomo.MajordomoException;
import dev.majordomo.Registry;
import dev.majordomo.health.HealthView;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the health indicator and the endpoint report of configured chains: each target (as {@link
 * Target#toString()} writes it, which never holds a token), whether it is benched and until when,
 * and whether it is rate-limited (a {@code 429}'s {@code Retry-After}, which chains honour as they
 * honour a bench) and until when.
 */
final class ChainStates {
  private ChainStates() {}

  /** One chain's report, and whether at least one of its targets can answer now. */
  record ChainState(Map<String, Object> details, boolean canAnswer) {}

  static ChainState of(Registry registry, String name) {
    Map<String, Object> details = new LinkedHashMap<>();
    List<Target> targets;
    try {
      targets = registry.chain(name).targets();
    } catch (MajordomoException e) {
      // The runtime's messages never quote a token.
      details.put("error", e.getMessage());
      return new ChainState(details, false);
    }
    HealthView health = registry.health();
    List<Map<String, Object>> states = new ArrayList<>();
    boolean canAnswer = false;
    for (Target target : targets) {
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("target", target.toString());
      boolean benched = health.isBenched(target);
      state.put("benched", benched);
      health.benchedUntil(target).ifPresent(until -> state.put("benchedUntil", until.toString()));
      Optional<Instant> rateLimited = health.rateLimitedUntil(target);
      state.put("rateLimited", rateLimited.isPresent());
      rateLimited.ifPresent(until -> state.put("rateLimitedUntil", until.toString()));
      TargetHealth recorded = health.state(target);
      state.put("consecutiveFailures", recorded.consecutiveFailures());
      states.add(state);
      canAnswer |= !benched && rateLimited.isEmpty();
    }
    details.put("canAnswer", canAnswer);
    details.put("targets", states);
    return new ChainState(details, canAnswer);
  }

  /** Every chain of {@code names}, and whether each of them can answer. */
  static Map<String, ChainState> of(Registry registry, Collection<String> names) {
    Map<String, ChainState> states = new LinkedHashMap<>();
    for (String name : names) {
      states.put(name, of(registry, name));
    }
    return states;
  }
}
