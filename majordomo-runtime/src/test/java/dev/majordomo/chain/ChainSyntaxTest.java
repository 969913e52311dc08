package dev.majordomo.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.chain.ChainElement.ModelRef;
import dev.majordomo.chain.ChainElement.Name;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChainSyntaxTest {

  private static Name name(String n) {
    return new Name(n);
  }

  private static ModelRef ref(String scheme, String id) {
    return new ModelRef(scheme, id);
  }

  static Stream<Arguments> validChains() {
    return Stream.of(
        Arguments.of("fast", List.of(name("fast"))),
        Arguments.of("fast,thinking", List.of(name("fast"), name("thinking"))),
        Arguments.of("thinking,fast", List.of(name("thinking"), name("fast"))),
        Arguments.of(" fast , thinking ", List.of(name("fast"), name("thinking"))),
        Arguments.of("\tfast,\tthinking\t", List.of(name("fast"), name("thinking"))),
        Arguments.of(" \t fast \t,thinking", List.of(name("fast"), name("thinking"))),
        Arguments.of("FAST,Thinking", List.of(name("fast"), name("thinking"))),
        Arguments.of("fast-mini", List.of(name("fast-mini"))),
        Arguments.of("a.b-c_d9", List.of(name("a.b-c_d9"))),
        Arguments.of("fast,fast", List.of(name("fast"), name("fast"))),
        Arguments.of("ollama/qwen3:8b", List.of(ref("ollama", "qwen3:8b"))),
        Arguments.of(
            "openrouter/anthropic/claude-sonnet-4",
            List.of(ref("openrouter", "anthropic/claude-sonnet-4"))),
        Arguments.of(
            "openai/ft:gpt-4o-mini:org:abc", List.of(ref("openai", "ft:gpt-4o-mini:org:abc"))),
        Arguments.of("OLLAMA/Qwen3:8B", List.of(ref("ollama", "Qwen3:8B"))),
        Arguments.of("hf/user@org/model.v1.2", List.of(ref("hf", "user@org/model.v1.2"))),
        Arguments.of("my+scheme.v2-x/id", List.of(ref("my+scheme.v2-x", "id"))),
        Arguments.of("a//b", List.of(ref("a", "/b"))),
        Arguments.of("custom/model/", List.of(ref("custom", "model/"))),
        Arguments.of("x/modèle-€", List.of(ref("x", "modèle-€"))),
        Arguments.of(
            "fast, ollama/qwen3:8b ,openai/gpt-4o-mini",
            List.of(name("fast"), ref("ollama", "qwen3:8b"), ref("openai", "gpt-4o-mini"))));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("validChains")
  void parsesValidChains(String chain, List<ChainElement> expected) {
    List<ChainElement> parsed = ChainSyntax.parse(chain);

    assertThat(parsed).containsExactlyElementsOf(expected);
    assertThat(ChainSyntax.parse(ChainSyntax.format(parsed))).isEqualTo(parsed);
  }

  static Stream<Arguments> invalidChains() {
    return Stream.of(
        Arguments.of(null, 0, "the chain is null"),
        Arguments.of("", 0, "the chain is empty"),
        Arguments.of("   ", 0, "the chain is empty"),
        Arguments.of("\t", 0, "the chain is empty"),
        Arguments.of("fast,,thinking", 5, "empty element"),
        Arguments.of("fast,", 5, "empty element"),
        Arguments.of(",fast", 0, "empty element"),
        Arguments.of("fast, ,thinking", 5, "empty element"),
        Arguments.of("fast,  ", 5, "empty element"),
        Arguments.of("a,b,,", 4, "empty element"),
        Arguments.of("fast mini", 4, "white space (U+0020 SPACE) in element \"fast mini\""),
        Arguments.of(" fast mini", 5, "white space"),
        Arguments.of("fast\tmini", 4, "white space (U+0009"),
        Arguments.of("fast\n", 4, "white space (U+000A"),
        Arguments.of("fast,\nthinking", 5, "white space (U+000A"),
        Arguments.of("fast\u00A0", 4, "white space (U+00A0"),
        Arguments.of("ollama/qwen 3", 11, "white space"),
        Arguments.of("oll ama/qwen", 3, "white space"),
        Arguments.of("1fast", 0, "name \"1fast\" must start with a letter"),
        Arguments.of("fast,2x", 5, "must start with a letter"),
        Arguments.of(" _x", 1, "must start with a letter"),
        Arguments.of("-x", 0, "must start with a letter"),
        Arguments.of("/gpt-4", 0, "model reference \"/gpt-4\" has no scheme"),
        Arguments.of("fast, /gpt", 6, "has no scheme"),
        Arguments.of(
            "1ollama/x", 0, "scheme of model reference \"1ollama/x\" must start with a letter"),
        Arguments.of("oll_ama/x", 3, "illegal character '_' (U+005F) in the scheme"),
        Arguments.of("ollama/", 7, "model reference \"ollama/\" has no model id"),
        Arguments.of("fast,ollama/ ", 12, "has no model id"),
        Arguments.of("fa!st", 2, "illegal character '!' (U+0021) in name \"fa!st\""),
        Arguments.of("fast,thi$nking", 8, "illegal character '$'"),
        Arguments.of("fäst", 1, "illegal character 'ä'"),
        Arguments.of("fast:8b", 4, "illegal character ':'"),
        Arguments.of("x/a\u0000b", 3, "illegal character (U+0000"),
        Arguments.of("fast mini,ollama/x", 4, "white space"),
        Arguments.of("ok,ok,1bad,also bad", 6, "must start with a letter"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @MethodSource("invalidChains")
  void rejectsInvalidChainsWithTheIndexOfTheProblem(String chain, int index, String problem) {
    assertThatThrownBy(() -> ChainSyntax.parse(chain))
        .isInstanceOfSatisfying(
            ChainSyntaxException.class,
            e -> {
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.chain()).isEqualTo(chain);
              assertThat(e.problem()).contains(problem);
              assertThat(e.getMessage()).contains(problem).contains("at index " + index);
            });
  }

  @Test
  void fastThinkingIsTwoNamesInOrder() {
    assertThat(ChainSyntax.parse("fast,thinking"))
        .containsExactly(new Name("fast"), new Name("thinking"));
  }

  @Test
  void modelIdsAreVerbatimAfterTheFirstSlash() {
    List<ChainElement> parsed =
        ChainSyntax.parse("openai/ft:gpt-4o-mini:org:abc,hf/Org/Model@rev.2,ollama/qwen3:8b");

    assertThat(parsed)
        .extracting(e -> ((ModelRef) e).modelId())
        .containsExactly("ft:gpt-4o-mini:org:abc", "Org/Model@rev.2", "qwen3:8b");
    assertThat(parsed)
        .extracting(e -> ((ModelRef) e).scheme())
        .containsExactly("openai", "hf", "ollama");
  }

  @Test
  void namesAndSchemesAreCaseInsensitiveButIdsAreNot() {
    assertThat(ChainSyntax.parse("Fast,FAST,fast")).containsOnly(new Name("fast"));
    assertThat(ChainSyntax.parse("OpenAI/GPT-4o"))
        .containsExactly(new ModelRef("openai", "GPT-4o"));
    assertThat(new ModelRef("OpenAI", "GPT-4o")).isNotEqualTo(new ModelRef("openai", "gpt-4o"));
  }

  @Test
  void elementsPrintAsTheirChainText() {
    assertThat(new Name("Fast-Mini")).hasToString("fast-mini");
    assertThat(new ModelRef("OLLAMA", "qwen3:8b")).hasToString("ollama/qwen3:8b");
    assertThat(ChainSyntax.format(ChainSyntax.parse(" Fast ,\tOLLAMA/qwen3:8b ")))
        .isEqualTo("fast,ollama/qwen3:8b");
  }

  @Test
  void theMessageQuotesTheElementAndPointsAtTheProblem() {
    assertThatThrownBy(() -> ChainSyntax.parse("fast,thinking mini,x"))
        .isInstanceOfSatisfying(
            ChainSyntaxException.class,
            e -> {
              assertThat(e.element()).isEqualTo("thinking mini");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "white space (U+0020 SPACE) in element \"thinking mini\" at index 13\n"
                          + "  fast,thinking mini,x\n"
                          + "               ^");
            });
  }

  @Test
  void theCaretStaysAlignedWhenTheChainHasTabs() {
    assertThatThrownBy(() -> ChainSyntax.parse("\tfast,\t1x"))
        .isInstanceOfSatisfying(
            ChainSyntaxException.class,
            e ->
                assertThat(e.getMessage())
                    .endsWith("\n   fast, 1x\n         ^")
                    .contains("\"1x\""));
  }

  @Test
  void anEmptyElementHasAnEmptyElementTextAndAnEmptyChainHasNone() {
    assertThatThrownBy(() -> ChainSyntax.parse("fast,,thinking"))
        .isInstanceOfSatisfying(
            ChainSyntaxException.class,
            e -> {
              assertThat(e.element()).isEmpty();
              assertThat(e.getMessage()).endsWith("  fast,,thinking\n       ^");
            });
    assertThatThrownBy(() -> ChainSyntax.parse(" "))
        .isInstanceOfSatisfying(ChainSyntaxException.class, e -> assertThat(e.element()).isNull());
    assertThatThrownBy(() -> ChainSyntax.parse(null))
        .isInstanceOfSatisfying(
            ChainSyntaxException.class,
            e -> {
              assertThat(e.chain()).isNull();
              assertThat(e.index()).isZero();
            });
  }

  @Test
  void controlCharactersAreEscapedWhenQuoted() {
    assertThatThrownBy(() -> ChainSyntax.parse("x/a\u0001b"))
        .hasMessageContaining("\"x/a\\u0001b\"");
  }

  @Test
  void constructorsEnforceTheGrammar() {
    assertThat(new Name("Fast").name()).isEqualTo("fast");
    assertThat(new ModelRef("OLLAMA", "Qwen").scheme()).isEqualTo("ollama");

    assertThatThrownBy(() -> new Name("1x"))
        .isInstanceOf(ChainSyntaxException.class)
        .extracting(e -> ((ChainSyntaxException) e).index())
        .isEqualTo(0);
    assertThatThrownBy(() -> new Name(" fast")).isInstanceOf(ChainSyntaxException.class);
    assertThatThrownBy(() -> new Name("")).isInstanceOf(ChainSyntaxException.class);
    assertThatThrownBy(() -> new Name("ollama/x")).isInstanceOf(ChainSyntaxException.class);
    assertThatThrownBy(() -> new Name(null)).isInstanceOf(ChainSyntaxException.class);
    assertThatThrownBy(() -> new ModelRef("ollama", "a,b"))
        .isInstanceOf(ChainSyntaxException.class)
        .hasMessageContaining("','");
    assertThatThrownBy(() -> new ModelRef("ollama", "")).isInstanceOf(ChainSyntaxException.class);
    assertThatThrownBy(() -> new ModelRef("", "x")).isInstanceOf(ChainSyntaxException.class);
    assertThatThrownBy(() -> new ModelRef("a/b", "x"))
        .isInstanceOf(ChainSyntaxException.class)
        .extracting(e -> ((ChainSyntaxException) e).index())
        .isEqualTo(1);
    assertThatThrownBy(() -> new ModelRef(null, "x")).isInstanceOf(ChainSyntaxException.class);
  }

  @Test
  void formatRejectsAnEmptyChain() {
    assertThatThrownBy(() -> ChainSyntax.format(List.of()))
        .isInstanceOf(ChainSyntaxException.class)
        .hasMessageContaining("at least one element");
  }

  @Test
  void parseReturnsAnImmutableList() {
    List<ChainElement> parsed = ChainSyntax.parse("a,b");
    assertThatThrownBy(() -> parsed.add(new Name("c")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
