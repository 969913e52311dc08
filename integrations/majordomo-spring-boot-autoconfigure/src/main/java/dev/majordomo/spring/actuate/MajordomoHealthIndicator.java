package dev.majordomo.spring.actuate;

import dev.majordomo.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code majordomo} health: every configured chain (the aliases, or the models when no alias is
 * configured) with each target, whether it is benched and until when. {@code UP} while every one of
 * those chains has a target that is not benched, {@code DOWN} while one has every target benched
 * (or cannot be resolved). It never calls a model: it reads what the registry's calls recorded.
 */
public final class MajordomoHealthIndicator implements HealthIndicator {
  private final Registry registry;
  private final List<String> chains;

  /**
   * A health indicator over the chains {@code chains} of {@code registry}.
   *
   * @param registry the registry whose health is reported
   * @param chains the names of the chains that must each be able to answer
   */
  public MajordomoHealthIndicator(Registry registry, List<String> chains) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.chains = List.copyOf(chains);
  }

  @Override
  public Health health() {
    Map<String, ChainStates.ChainState> states = ChainStates.of(registry, chains);
    Map<String, Object> details = new LinkedHashMap<>();
    boolean up = true;
    for (Map.Entry<String, ChainStates.ChainState> e : states.entrySet()) {
      details.put(e.getKey(), e.getValue().details());
      up &= e.getValue().canAnswer();
    }
    return (up ? Health.up() : Health.down()).withDetail("chains", details).build();
  }
}
