package dev.majordomo.llm;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a model is known to support. A capability that is not known counts as supported: the chain
 * skips a target only when it is known not to serve a request.
 */
public final class Capabilities {
  private static final Capabilities UNKNOWN = new Capabilities(new EnumMap<>(Capability.class));

  private final Map<Capability, Boolean> known;

  private Capabilities(Map<Capability, Boolean> known) {
    this.known = known;
  }

  /** {@return capabilities of which nothing is known}: everything counts as supported. */
  public static Capabilities unknown() {
    return UNKNOWN;
  }

  /**
   * {@return a copy with {@code capability} known to be {@code supported} or not}
   *
   * @param capability the capability
   * @param supported whether the model supports it
   */
  public Capabilities with(Capability capability, boolean supported) {
    Map<Capability, Boolean> copy = new EnumMap<>(Capability.class);
    copy.putAll(known);
    copy.put(capability, supported);
    return new Capabilities(copy);
  }

  /**
   * {@return {@code true} unless the capability is known to be missing}
   *
   * @param capability the capability
   */
  public boolean supports(Capability capability) {
    return known.getOrDefault(capability, Boolean.TRUE);
  }

  /**
   * {@return whether the model supports {@code capability}, if that is known at all}
   *
   * @param capability the capability
   */
  public Optional<Boolean> known(Capability capability) {
    return Optional.ofNullable(known.get(capability));
  }

  /**
   * {@return the first capability {@code request} needs that is known to be missing}
   *
   * @param request the request about to be sent
   */
  public Optional<Capability> missingFor(Request request) {
    if (request.hasImages() && !supports(Capability.IMAGES)) {
      return Optional.of(Capability.IMAGES);
    }
    if (!request.tools().isEmpty() && !supports(Capability.TOOLS)) {
      return Optional.of(Capability.TOOLS);
    }
    if (request.responseSchema() != null && !supports(Capability.STRUCTURED_OUTPUT)) {
      return Optional.of(Capability.STRUCTURED_OUTPUT);
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Capabilities other && other.known.equals(known);
  }

  @Override
  public int hashCode() {
    return known.hashCode();
  }

  @Override
  public String toString() {
    return "Capabilities" + known;
  }
}
