package dev.majordomo;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthView;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Registry#health()} returns: the tracker's reading methods only. Handing out the
 * tracker itself would let a caller cast it back and bench or clear targets by hand.
 */
final class ReadOnlyHealth implements HealthView {
  private final HealthView tracker;

  ReadOnlyHealth(HealthView tracker) {
    this.tracker = tracker;
  }

  @Override
  public HealthPolicy policy() {
    return tracker.policy();
  }

  @Override
  public TargetHealth state(Target target) {
    return tracker.state(target);
  }

  @Override
  public Optional<Instant> benchedUntil(Target target) {
    return tracker.benchedUntil(target);
  }

  @Override
  public boolean isBenched(Target target) {
    return tracker.isBenched(target);
  }

  @Override
  public Optional<Instant> rateLimitedUntil(Target target) {
    return tracker.rateLimitedUntil(target);
  }

  @Override
  public Map<Target, TargetHealth> snapshot() {
    return tracker.snapshot();
  }
}
