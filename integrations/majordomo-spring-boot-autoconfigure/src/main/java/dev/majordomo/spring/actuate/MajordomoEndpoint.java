package dev.majordomo.spring.actuate;

import dev.majordomo.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code majordomo} Actuator endpoint: the configured aliases with their chains and targets,
 * the configured models with their target (scheme, host, port and model: never a token), and the
 * health of each, as the health indicator reports it.
 */
@Endpoint(id = "majordomo")
public final class MajordomoEndpoint {
  private final Registry registry;
  private final Map<String, String> aliases;
  private final List<String> models;

  /**
   * An endpoint over the configured names of {@code registry}.
   *
   * @param registry the registry
   * @param aliases the configured aliases and their chains (a chain holds no token: a DSN is a
   *     model)
   * @param models the names of the configured models
   */
  public MajordomoEndpoint(Registry registry, Map<String, String> aliases, List<String> models) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.aliases = Map.copyOf(aliases);
    this.models = List.copyOf(models);
  }

  /** {@return the aliases, the models and their health} */
  @ReadOperation
  public Map<String, Object> majordomo() {
    Map<String, Object> aliasReport = new LinkedHashMap<>();
    aliases.keySet().stream()
        .sorted()
        .forEach(
            name -> {
              Map<String, Object> alias = new LinkedHashMap<>();
              alias.put("chain", aliases.get(name));
              alias.putAll(ChainStates.of(registry, name).details());
              aliasReport.put(name, alias);
            });
    Map<String, Object> modelReport = new LinkedHashMap<>();
    models.stream()
        .sorted()
        .forEach(
            name -> {
              ChainStates.ChainState state = ChainStates.of(registry, name);
              Map<String, Object> model = new LinkedHashMap<>(state.details());
              if (model.get("targets") instanceof List<?> targets && targets.size() == 1) {
                model.remove("targets");
                if (targets.get(0) instanceof Map<?, ?> target) {
                  target.forEach((k, v) -> model.put(String.valueOf(k), v));
                }
              }
              modelReport.put(name, model);
            });
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("aliases", aliasReport);
    report.put("models", modelReport);
    report.put("failover", failover());
    return report;
  }

  private Map<String, Object> failover() {
    Map<String, Object> failover = new LinkedHashMap<>();
    var policy = registry.failoverPolicy();
    failover.put("transientRetries", policy.transientRetries());
    failover.put("deadline", policy.deadline() == null ? null : policy.deadline().toString());
    var health = registry.health().policy();
    failover.put("failureThreshold", health.threshold());
    failover.put("baseCooldown", health.baseCooldown().toString());
    failover.put("maxCooldown", health.maxCooldown().toString());
    return failover;
  }
}
