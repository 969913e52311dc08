package dev.majordomo.chain;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.Target;
import java.util.Objects;

/**
 * One element of a resolved chain: the identity the health tracker and the attempt log key on, and
 * the model that serves it.
 *
 * @param target the target's identity (never holds a token)
 * @param model the provider's model for that target
 */
public record ChainTarget(Target target, Model model) {
  public ChainTarget {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(model, "model");
  }

  @Override
  public String toString() {
    return target.toString();
  }
}
