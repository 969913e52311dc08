package dev.majordomo.internal.grammar;

/**
 * One element of a chain as {@link ChainGrammar#parse} read it: a {@link Name} or a {@link
 * ModelRef}, already checked and with names and schemes lower-case.
 */
public sealed interface ParsedElement {

  /** A name (an alias, a registered model, or an {@code LLM_<NAME>} variable), lower-case. */
  record Name(String name) implements ParsedElement {}

  /** {@code scheme/model-id}: the scheme lower-case, the model id verbatim. */
  record ModelRef(String scheme, String modelId) implements ParsedElement {}
}
