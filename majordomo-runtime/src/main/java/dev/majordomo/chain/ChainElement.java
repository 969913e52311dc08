package dev.majordomo.chain;

import dev.majordomo.internal.grammar.ChainGrammar;
import dev.majordomo.internal.grammar.GrammarException;

/**
 * One element of a chain: a {@link Name} (an alias, a registered model, or an {@code LLM_<NAME>}
 * variable) or a {@link ModelRef} ({@code scheme/model-id}). Each element's {@code toString} is its
 * chain text, so that {@link ChainSyntax#format} can join them back.
 *
 * <p>The constructors enforce the grammar, so every element that exists can be formatted and parsed
 * back to an equal element.
 */
public sealed interface ChainElement {

  /**
   * A name, stored lower-case: names are case-insensitive.
   *
   * @param name a letter, then letters, digits, {@code _}, {@code -} or {@code .}
   */
  record Name(String name) implements ChainElement {
    /**
     * Checks the name and stores it lower-case.
     *
     * @param name a letter, then letters, digits, {@code _}, {@code -} or {@code .}
     * @throws ChainSyntaxException if {@code name} does not follow the grammar
     */
    public Name {
      try {
        name = ChainGrammar.name(name);
      } catch (GrammarException e) {
        throw ChainSyntaxException.from(e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A model named directly through its provider's scheme, such as {@code ollama/qwen3:8b}.
   *
   * @param scheme the provider's scheme, stored lower-case: a letter, then letters, digits, {@code
   *     +}, {@code -} or {@code .}
   * @param modelId the model id, verbatim: any characters except {@code ,}, white space and control
   *     characters; it may contain {@code /}, {@code :}, {@code @} and {@code .}
   */
  record ModelRef(String scheme, String modelId) implements ChainElement {
    /**
     * Checks both parts and stores the scheme lower-case.
     *
     * @param scheme the provider's scheme
     * @param modelId the model id, verbatim
     * @throws ChainSyntaxException if either part does not follow the grammar
     */
    public ModelRef {
      try {
        scheme = ChainGrammar.modelRefScheme(scheme, modelId);
      } catch (GrammarException e) {
        throw ChainSyntaxException.from(e);
      }
    }

    @Override
    public String toString() {
      return scheme + "/" + modelId;
    }
  }
}
