package dev.majordomo.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Role;
import dev.majordomo.media.Image;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link MemoryPolicy#window} and {@link MemoryPolicy#estimateTokens} over random histories: turns
 * of a user message (text, sometimes an image), up to three tool rounds (an assistant message of
 * tool calls, then the message of their results) and a final answer, with provider-counted or
 * estimated tokens.
 */
class MemoryPolicyPropertiesTest {

  @Property(tries = 400)
  void theWindowIsASuffixOfWholeTurns(
      @ForAll("histories") List<Turn> history, @ForAll("policies") MemoryPolicy policy) {
    List<Turn> window = policy.window(history);

    assertThat(window.size()).isLessThanOrEqualTo(history.size());
    List<Turn> suffix = history.subList(history.size() - window.size(), history.size());
    for (int i = 0; i < window.size(); i++) {
      assertThat(window.get(i)).isSameAs(suffix.get(i));
    }
  }

  @Property(tries = 400)
  void theWindowNeverStartsWithAnAssistantOrToolMessage(
      @ForAll("histories") List<Turn> history, @ForAll("policies") MemoryPolicy policy) {
    List<Message> sent = messages(policy.window(history));

    if (!sent.isEmpty()) {
      assertThat(sent.get(0).role()).isEqualTo(Role.USER);
    }
  }

  @Property(tries = 400)
  void everyToolCallInTheWindowHasItsResultAndEveryResultItsCall(
      @ForAll("histories") List<Turn> history, @ForAll("policies") MemoryPolicy policy) {
    Set<String> calls = new HashSet<>();
    Set<String> results = new HashSet<>();
    for (Message message : messages(policy.window(history))) {
      for (Part part : message.parts()) {
        if (part instanceof Part.ToolCall call) {
          calls.add(call.id());
        } else if (part instanceof Part.ToolResult result) {
          results.add(result.callId());
        }
      }
    }

    assertThat(results).isEqualTo(calls);
  }

  @Property(tries = 400)
  void theWindowKeepsWithinBothLimits(
      @ForAll("histories") List<Turn> history, @ForAll("policies") MemoryPolicy policy) {
    List<Turn> window = policy.window(history);

    assertThat(messages(window)).hasSizeLessThanOrEqualTo(policy.maxMessages());
    assertThat(tokens(window)).isLessThanOrEqualTo(policy.maxTokens());
  }

  @Property(tries = 400)
  void theWindowIsTheLongestSuffixWithinBothLimits(
      @ForAll("histories") List<Turn> history, @ForAll("policies") MemoryPolicy policy) {
    List<Turn> window = policy.window(history);

    if (window.size() < history.size()) {
      List<Turn> longer = history.subList(history.size() - window.size() - 1, history.size());
      assertThat(
              messages(longer).size() > policy.maxMessages() || tokens(longer) > policy.maxTokens())
          .as("the next older turn would break a limit")
          .isTrue();
    }
  }

  @Property(tries = 400)
  void widerLimitsNeverSendLess(
      @ForAll("histories") List<Turn> history,
      @ForAll("policies") MemoryPolicy policy,
      @ForAll @IntRange(min = 0, max = 50) int moreMessages,
      @ForAll @IntRange(min = 0, max = 5_000) int moreTokens) {
    MemoryPolicy wider =
        new MemoryPolicy(
            policy.maxMessages() + moreMessages,
            (int) Math.min(Integer.MAX_VALUE, (long) policy.maxTokens() + moreTokens));

    assertThat(wider.window(history).size()).isGreaterThanOrEqualTo(policy.window(history).size());
  }

  @Property(tries = 400)
  void aWindowOfAWindowIsItself(
      @ForAll("histories") List<Turn> history, @ForAll("policies") MemoryPolicy policy) {
    List<Turn> window = policy.window(history);

    assertThat(policy.window(window)).isEqualTo(window);
  }

  @Property(tries = 400)
  void theEstimateCountsAtLeastFourTokensPerMessage(@ForAll("histories") List<Turn> history) {
    List<Message> messages = messages(history);

    assertThat(MemoryPolicy.estimateTokens(messages))
        .isGreaterThanOrEqualTo(MemoryPolicy.MESSAGE_TOKENS * messages.size());
  }

  @Property(tries = 400)
  void theEstimateIsTheSumOverMessagesSoMoreMessagesNeverCostLess(
      @ForAll("histories") List<Turn> history, @ForAll("histories") List<Turn> more) {
    List<Message> first = messages(history);
    List<Message> second = messages(more);
    List<Message> both = new ArrayList<>(first);
    both.addAll(second);

    int estimate = MemoryPolicy.estimateTokens(both);

    assertThat(estimate)
        .isEqualTo(MemoryPolicy.estimateTokens(first) + MemoryPolicy.estimateTokens(second));
    assertThat(estimate).isGreaterThanOrEqualTo(MemoryPolicy.estimateTokens(first));
  }

  @Property(tries = 400)
  void longerTextOrAnImageNeverCostsLess(
      @ForAll("texts") String text, @ForAll("texts") String more, @ForAll boolean image) {
    List<Part> longer = new ArrayList<>(List.of(Part.text(text + more)));
    if (image) {
      longer.add(Part.image(Image.fromUrl(URI.create("https://example.com/cat.png"))));
    }

    int shortEstimate = MemoryPolicy.estimateTokens(List.of(Message.user(text)));
    int longEstimate = MemoryPolicy.estimateTokens(List.of(Message.user(longer)));

    assertThat(longEstimate).isGreaterThanOrEqualTo(shortEstimate);
    assertThat(shortEstimate).isEqualTo(MemoryPolicy.MESSAGE_TOKENS + (text.length() + 3) / 4);
    if (image) {
      assertThat(longEstimate).isGreaterThanOrEqualTo(shortEstimate + MemoryPolicy.IMAGE_TOKENS);
    }
  }

  @org.junit.jupiter.api.Test
  void theImagesOfAToolResultCountLikeImageParts() {
    Part.ToolCall call = new Part.ToolCall("c", "screenshot", "{}");
    Image image = Image.fromUrl(URI.create("https://example.com/cat.png"));
    int without =
        MemoryPolicy.estimateTokens(
            List.of(Message.toolResults(List.of(Part.ToolResult.success(call, "shot")))));
    int with =
        MemoryPolicy.estimateTokens(
            List.of(
                Message.toolResults(
                    List.of(
                        new Part.ToolResult(
                            "c", "screenshot", "shot", false, List.of(image, image))))));

    assertThat(with).isEqualTo(without + 2 * MemoryPolicy.IMAGE_TOKENS);
  }

  @Provide
  Arbitrary<MemoryPolicy> policies() {
    Arbitrary<Integer> maxMessages = Arbitraries.integers().between(1, 60);
    Arbitrary<Integer> maxTokens =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 5_000), Arbitraries.just(Integer.MAX_VALUE));
    return Combinators.combine(maxMessages, maxTokens).as(MemoryPolicy::new);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(60);
  }

  @Provide
  Arbitrary<List<Turn>> histories() {
    return shapes().list().ofMaxSize(15).map(MemoryPolicyPropertiesTest::build);
  }

  /** What a turn looks like, before its tool call ids are given by its place in the history. */
  private record Shape(
      String question, boolean image, List<Integer> callsPerRound, String answer, int tokens) {}

  private Arbitrary<Shape> shapes() {
    Arbitrary<String> words = Arbitraries.strings().alpha().ofMaxLength(40);
    Arbitrary<List<Integer>> rounds = Arbitraries.integers().between(1, 3).list().ofMaxSize(3);
    // -1: the turn's tokens are estimated, as when the provider reports no usage.
    Arbitrary<Integer> tokens =
        Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 2_000));
    return Combinators.combine(words, Arbitraries.of(true, false), rounds, words, tokens)
        .as(Shape::new);
  }

  private static List<Turn> build(List<Shape> shapes) {
    List<Turn> turns = new ArrayList<>();
    for (int t = 0; t < shapes.size(); t++) {
      Shape shape = shapes.get(t);
      List<Message> messages = new ArrayList<>();
      List<Part> question = new ArrayList<>(List.of(Part.text(shape.question())));
      if (shape.image()) {
        question.add(Part.image(Image.fromUrl(URI.create("https://example.com/" + t + ".png"))));
      }
      messages.add(Message.user(question));
      for (int r = 0; r < shape.callsPerRound().size(); r++) {
        List<Part> calls = new ArrayList<>();
        List<Part.ToolResult> results = new ArrayList<>();
        for (int c = 0; c < shape.callsPerRound().get(r); c++) {
          Part.ToolCall call = new Part.ToolCall(t + "-" + r + "-" + c, "tool" + c, "{}");
          calls.add(call);
          results.add(Part.ToolResult.success(call, "result " + c));
        }
        messages.add(Message.assistant(calls));
        messages.add(Message.toolResults(results));
      }
      messages.add(Message.assistant(shape.answer()));
      turns.add(shape.tokens() < 0 ? Turn.of(messages) : new Turn(messages, shape.tokens()));
    }
    return List.copyOf(turns);
  }

  private static List<Message> messages(List<Turn> turns) {
    List<Message> messages = new ArrayList<>();
    for (Turn turn : turns) {
      messages.addAll(turn.messages());
    }
    return messages;
  }

  private static long tokens(List<Turn> turns) {
    long tokens = 0;
    for (Turn turn : turns) {
      tokens += turn.tokens();
    }
    return tokens;
  }
}
