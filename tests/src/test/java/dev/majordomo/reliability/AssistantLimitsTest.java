package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Assistants;
import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.ToolInvocation;
import dev.majordomo.ToolRoundsExceededException;
import dev.majordomo.greet.Bounded;
import dev.majordomo.greet.Greeter;
import dev.majordomo.greet.GreeterTools;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The limits of {@link Limits} that apply to assistants ({@code maxToolOutputChars}, {@code
 * maxToolRounds}), through assistants the processor generated: a limit the registry sets must reach
 * generated code, not only a hand-written imitation of it.
 */
class AssistantLimitsTest {

  private static Registry fakeRegistry(FakeProvider fake, Limits limits) {
    return Registry.builder()
        .withoutProviderDiscovery()
        .provider(fake)
        .env(Map.of())
        .time(new FakeTimeSource())
        .limits(limits)
        .build();
  }

  private static Part.ToolCall salutation(String id) {
    return new Part.ToolCall(id, "salutation", "{\"name\":\"Ada\"}");
  }

  @Test
  void aToolResultOverMaxToolOutputCharsIsTruncatedWithAMarkerTheModelSees() {
    String longSalutation = "x".repeat(300);
    FakeProvider fake = new FakeProvider();
    fake.model("primary").replyToolCalls(salutation("c1")).reply("done");
    Greeter greeter =
        Assistants.builder(Greeter.class)
            .registry(fakeRegistry(fake, Limits.DEFAULTS.withMaxToolOutputChars(50)))
            .tools(new GreeterTools(longSalutation))
            .build();

    Reply<String> reply = greeter.greetWithDetails("Ada");

    String seen = toolResultSeenByTheModel(fake);
    String expected =
        "x".repeat(50)
            + "\n[truncated: the tool returned 305 characters; only the first 50 are shown]";
    assertThat(seen).isEqualTo(expected);
    assertThat(reply.toolCalls())
        .extracting(ToolInvocation::result)
        .extracting(Part.ToolResult::content)
        .containsExactly(expected);
  }

  @Test
  void aToolResultWithinTheDefaultLimitIsPassedWhole() {
    String salutationText = "y".repeat(90_000);
    FakeProvider fake = new FakeProvider();
    fake.model("primary").replyToolCalls(salutation("c1")).reply("done");
    Greeter greeter =
        Assistants.builder(Greeter.class)
            .registry(fakeRegistry(fake, Limits.DEFAULTS))
            .tools(new GreeterTools(salutationText))
            .build();

    assertThat(greeter.greet("Ada")).isEqualTo("done");
    assertThat(toolResultSeenByTheModel(fake)).isEqualTo(salutationText + ", Ada");
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    FakeProvider fake = new FakeProvider();
    fake.model("primary").replyToolCalls(salutation("c1")).reply("done");
    Greeter greeter =
        Assistants.builder(Greeter.class)
            .registry(fakeRegistry(fake, Limits.DEFAULTS.withMaxToolOutputChars(5)))
            .tools(new GreeterTools("ab\uD83D\uDE00\uD83D\uDE00"))
            .build();

    greeter.greet("Ada");

    assertThat(toolResultSeenByTheModel(fake)).startsWith("ab\uD83D\uDE00\n[truncated:");
  }

  private static String toolResultSeenByTheModel(FakeProvider fake) {
    List<Request> requests = fake.requests("primary");
    assertThat(requests).hasSize(2);
    List<Message> messages = requests.get(1).messages();
    Part last = messages.get(messages.size() - 1).parts().get(0);
    return ((Part.ToolResult) last).content();
  }

  @Test
  void theDefaultOfMaxToolRoundsIsEight() {
    FakeProvider fake = new FakeProvider();
    for (int i = 0; i < 8; i++) {
      fake.model("primary").replyToolCalls(salutation("c" + i));
    }
    fake.model("primary").reply("done");
    Greeter greeter =
        Assistants.builder(Greeter.class).registry(fakeRegistry(fake, Limits.DEFAULTS)).build();
    assertThat(greeter.greetWithDetails("Ada").toolCalls()).hasSize(8);

    for (int i = 0; i < 9; i++) {
      fake.model("primary").replyToolCalls(salutation("d" + i));
    }
    assertThatThrownBy(() -> greeter.greet("Ada"))
        .isInstanceOfSatisfying(
            ToolRoundsExceededException.class, e -> assertThat(e.maxToolRounds()).isEqualTo(8));
  }

  @Test
  void aConfiguredMaxToolRoundsAppliesToMethodsThatSetNone() {
    FakeProvider fake = new FakeProvider();
    fake.model("primary").replyToolCalls(salutation("c1")).replyToolCalls(salutation("c2"));
    Greeter greeter =
        Assistants.builder(Greeter.class)
            .registry(fakeRegistry(fake, Limits.DEFAULTS.withMaxToolRounds(1)))
            .build();

    assertThatThrownBy(() -> greeter.greet("Ada"))
        .isInstanceOfSatisfying(
            ToolRoundsExceededException.class,
            e -> {
              assertThat(e.maxToolRounds()).isEqualTo(1);
              assertThat(e.toolCalls()).hasSize(1);
            })
        .hasMessageContaining("maxToolRounds = 1, the registry's Limits.maxToolRounds");
  }

  @Test
  void aConfiguredMaxToolRoundsAboveTheDefaultLetsGeneratedCodeRunMoreRounds() {
    FakeProvider fake = new FakeProvider();
    for (int i = 0; i < 10; i++) {
      fake.model("primary").replyToolCalls(salutation("c" + i));
    }
    fake.model("primary").reply("done");
    Greeter greeter =
        Assistants.builder(Greeter.class)
            .registry(fakeRegistry(fake, Limits.DEFAULTS.withMaxToolRounds(10)))
            .build();

    assertThat(greeter.greetWithDetails("Ada").toolCalls()).hasSize(10);
  }

  @Test
  void anLlmMaxToolRoundsWinsOverTheRegistrysLimit() {
    FakeProvider fake = new FakeProvider();
    for (int i = 0; i < 3; i++) {
      fake.model("primary").replyToolCalls(salutation("c" + i));
    }
    Bounded bounded =
        Assistants.builder(Bounded.class)
            .registry(fakeRegistry(fake, Limits.DEFAULTS.withMaxToolRounds(5)))
            .build();

    assertThatThrownBy(() -> bounded.greet("Ada"))
        .isInstanceOfSatisfying(
            ToolRoundsExceededException.class,
            e -> {
              assertThat(e.maxToolRounds()).isEqualTo(2);
              assertThat(e.toolCalls()).hasSize(2);
            });

    fake.model("primary").replyToolCalls(salutation("d1"));
    assertThatThrownBy(() -> bounded.greetWithoutTools("Bo"))
        .isInstanceOfSatisfying(
            ToolRoundsExceededException.class, e -> assertThat(e.maxToolRounds()).isZero());
  }
}
