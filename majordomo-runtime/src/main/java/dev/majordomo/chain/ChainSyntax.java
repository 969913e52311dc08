package dev.majordomo.chain;

import dev.majordomo.internal.grammar.ChainGrammar;
import dev.majordomo.internal.grammar.GrammarException;
import dev.majordomo.internal.grammar.ParsedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chain grammar: parses {@code "fast, ollama/qwen3:8b"} into its elements and formats them
 * back.
 *
 * <pre>
 * chain     = element *( "," element )   ; spaces and tabs around elements are ignored
 * element   = name / model-ref
 * name      = ALPHA *( ALPHA / DIGIT / "_" / "-" / "." )
 * model-ref = scheme "/" model-id
 * scheme    = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
 * model-id  = 1*( any character except "," and white space )   ; verbatim
 * </pre>
 *
 * <p>Names and schemes are case-insensitive and stored lower-case; everything after the first
 * {@code /} of an element is the model id, untouched. Control characters are refused in model ids
 * as well. The annotation processor checks chains at compile time by the same rules.
 */
public final class ChainSyntax {
  private ChainSyntax() {}

  /**
   * The elements of {@code chain}, in order.
   *
   * @param chain the chain text
   * @return the elements
   * @throws ChainSyntaxException if {@code chain} is null, empty, or breaks the grammar; the
   *     exception carries the index of the first problem
   */
  public static List<ChainElement> parse(String chain) {
    List<ParsedElement> parsed;
    try {
      parsed = ChainGrammar.parse(chain);
    } catch (GrammarException e) {
      throw ChainSyntaxException.from(e);
    }
    List<ChainElement> elements = new ArrayList<>(parsed.size());
    for (ParsedElement element : parsed) {
      elements.add(
          element instanceof ParsedElement.ModelRef r
              ? new ChainElement.ModelRef(r.scheme(), r.modelId())
              : new ChainElement.Name(((ParsedElement.Name) element).name()));
    }
    return List.copyOf(elements);
  }

  /**
   * The chain text of {@code elements}, joined with {@code ","}; {@code parse(format(x))} equals
   * {@code x}.
   *
   * @param elements the elements, at least one
   * @return the chain text
   * @throws ChainSyntaxException if {@code elements} is empty
   */
  public static String format(List<ChainElement> elements) {
    Objects.requireNonNull(elements, "elements");
    if (elements.isEmpty()) {
      throw new ChainSyntaxException("", 0, null, "a chain needs at least one element");
    }
    StringBuilder s = new StringBuilder();
    for (ChainElement element : elements) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(Objects.requireNonNull(element, "element"));
    }
    return s.toString();
  }
}
