package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.greet.Greeter;
import dev.majordomo.greet.GreeterTools;
import dev.majordomo.greet.Ungenerated;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Assistants end to end: the Greeter the processor generated, on a real registry and the fake. */
class AssistantsTest {
  private static final Target PRIMARY = Target.of("fake", "primary");
  private static final Target BACKUP = Target.of("fake", "backup");

  private final FakeProvider fake = new FakeProvider();
  private final FakeTimeSource time = new FakeTimeSource();
  private final List<ChainEvent> registryEvents = new CopyOnWriteArrayList<>();
  private final Registry registry =
      Registry.builder()
          .withoutProviderDiscovery()
          .provider(fake)
          .env(Map.of())
          .time(time)
          .listener(registryEvents::add)
          .build();

  private static Part.ToolCall salutation(String id, String name) {
    return new Part.ToolCall(id, "salutation", "{\"name\":\"" + name + "\"}");
  }

  @Test
  void createFindsTheGeneratedClassAndCallsTheChain() {
    fake.model("primary").reply("Hi Ada!");

    Greeter greeter = Assistants.create(Greeter.class, registry);

    assertThat(greeter.greet("Ada")).isEqualTo("Hi Ada!");
    Request sent = fake.requests("primary").get(0);
    assertThat(sent.messages())
        .containsExactly(Message.system("You greet people."), Message.user("Greet Ada."));
    assertThat(sent.options().temperature()).isEqualTo(0.0);
    assertThat(sent.tools()).extracting(t -> t.name()).containsExactly("salutation");
  }

  @Test
  void aLaterToolRoundFailsOverToAnotherTarget() {
    fake.model("primary").replyToolCalls(salutation("s1", "Ada")).fail(503).fail(503);
    fake.model("backup").reply("Hello, Ada! Welcome.");

    Reply<String> reply = Assistants.create(Greeter.class, registry).greetWithDetails("Ada");

    assertThat(reply.value()).isEqualTo("Hello, Ada! Welcome.");
    assertThat(reply.answeredBy()).isEqualTo(BACKUP);
    assertThat(reply.attempts())
        .extracting(Attempt::target, Attempt::outcome)
        .containsExactly(
            Tuple.tuple(PRIMARY, Attempt.Outcome.SUCCEEDED),
            Tuple.tuple(PRIMARY, Attempt.Outcome.FAILED),
            Tuple.tuple(PRIMARY, Attempt.Outcome.FAILED),
            Tuple.tuple(BACKUP, Attempt.Outcome.SUCCEEDED));
    assertThat(reply.toolCalls())
        .extracting(i -> i.result().content(), ToolInvocation::round)
        .containsExactly(Tuple.tuple("Hello, Ada", 1));
    // the backup continues the conversation the primary started
    List<Message> continued = fake.requests("backup").get(0).messages();
    assertThat(continued)
        .extracting(Message::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
    assertThat(continued.get(2).toolCalls()).containsExactly(salutation("s1", "Ada"));
    // the retry of the primary waited on the fake clock, not the real one
    assertThat(time.sleeps()).hasSize(1);
  }

  @Test
  void builderToolInstancesReplaceConstructedOnes() {
    fake.model("primary").replyToolCalls(salutation("s1", "Bo")).reply("done");

    Reply<String> reply =
        Assistants.builder(Greeter.class)
            .registry(registry)
            .tools(new GreeterTools("Howdy"))
            .build()
            .greetWithDetails("Bo");

    assertThat(reply.toolCalls().get(0).result().content()).isEqualTo("Howdy, Bo");
  }

  @Test
  void badToolArgumentsFromARealChainReachTheModelAsAnError() {
    fake.model("primary")
        .replyToolCalls(new Part.ToolCall("s1", "salutation", "{\"name\":7}"))
        .reply("sorry");

    Reply<String> reply = Assistants.create(Greeter.class, registry).greetWithDetails("Bo");

    Part.ToolResult result = reply.toolCalls().get(0).result();
    assertThat(result.isError()).isTrue();
    assertThat(result.content()).contains("$.name: expected a string but found a number (7)");
    assertThat(fake.requests("primary").get(1).messages().get(3).parts()).containsExactly(result);
  }

  @Test
  void anAssistantListenerSeesItsEventsAndTheRegistryListenerStillDoes() {
    List<ChainEvent> mine = new CopyOnWriteArrayList<>();
    fake.model("primary").fail(503).fail(503);
    fake.model("backup").reply("hi");

    Assistants.builder(Greeter.class).registry(registry).listener(mine::add).build().greet("Cy");

    assertThat(mine)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "AttemptStarted",
            "Failed",
            "Retrying",
            "AttemptStarted",
            "Failed",
            "AttemptStarted",
            "Succeeded");
    assertThat(registryEvents).containsExactlyElementsOf(mine);
  }

  @Test
  void aThrowingAssistantListenerDoesNotBreakTheCall() {
    fake.model("primary").reply("still fine");

    Greeter greeter =
        Assistants.builder(Greeter.class)
            .registry(registry)
            .listener(
                e -> {
                  throw new IllegalStateException("listener bug");
                })
            .build();

    assertThat(greeter.greet("Ha")).isEqualTo("still fine");
    assertThat(registryEvents).hasSize(2);
  }

  @Test
  void twoAssistantsOnOneRegistryShareItsHealth() {
    fake.model("primary").fail(503).fail(503).fail(503);
    fake.model("backup").reply("one").reply("two");
    Greeter first = Assistants.create(Greeter.class, registry);
    Greeter second = Assistants.builder(Greeter.class).registry(registry).listener(e -> {}).build();

    first.greet("A");
    // three failures bench the primary: the second assistant skips it without calling
    second.greet("B");

    assertThat(fake.requests("primary")).hasSize(3);
    assertThat(registry.health().isBenched(PRIMARY)).isTrue();
  }

  @Test
  void streamingGoesThroughTheChainAndClosingReleasesTheStream() {
    fake.model("primary").replyToolCalls(salutation("s1", "Di")).stream("Hello", ", ", "Di");

    List<String> text;
    try (Stream<String> stream = Assistants.create(Greeter.class, registry).greetStreaming("Di")) {
      assertThat(fake.requests()).isEmpty();
      text = stream.toList();
    }

    assertThat(text).containsExactly("Hello", ", ", "Di");
    assertThat(fake.requests("primary")).hasSize(2);
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void aStreamedSecondRoundFailsOverBeforeItsFirstEvent() {
    fake.model("primary")
        .replyToolCalls(salutation("s1", "Jo"))
        .streamFailingAfter(0, 503)
        .streamFailingAfter(0, 503);
    fake.model("backup").stream("Hello", ", Jo");

    List<String> text;
    try (Stream<String> stream = Assistants.create(Greeter.class, registry).greetStreaming("Jo")) {
      text = stream.toList();
    }

    assertThat(text).containsExactly("Hello", ", Jo");
    assertThat(fake.requests("backup").get(0).messages())
        .extracting(Message::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void closingAStreamMidwayReleasesTheFakeStream() {
    fake.model("primary").stream("a", "b", "c");

    try (Stream<String> stream = Assistants.create(Greeter.class, registry).greetStreaming("Ed")) {
      assertThat(stream.iterator().next()).isEqualTo("a");
      assertThat(fake.openStreams()).isEqualTo(1);
    }

    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void asyncCallsRunOnTheBuilderExecutor() throws Exception {
    List<Runnable> ran = new CopyOnWriteArrayList<>();
    Executor inline =
        task -> {
          ran.add(task);
          task.run();
        };
    fake.model("primary").reply("async hi");

    String answer =
        Assistants.builder(Greeter.class)
            .registry(registry)
            .executor(inline)
            .build()
            .greetAsync("Fi")
            .get(10, TimeUnit.SECONDS);

    assertThat(answer).isEqualTo("async hi");
    assertThat(ran).hasSize(1);
  }

  @Test
  void aMissingGeneratedClassSaysHowToEnableTheProcessor() {
    assertThatThrownBy(() -> Assistants.create(Ungenerated.class, registry))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("No generated implementation of dev.majordomo.greet.Ungenerated")
        .hasMessageContaining("annotationProcessorPaths")
        .hasMessageContaining("annotationProcessor \"dev.majordomo:majordomo-processor");
  }

  @Test
  void createOnTheDefaultRegistryReportsAMissingGeneratedClass() {
    assertThatThrownBy(() -> Assistants.create(Ungenerated.class))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("Majordomo_Ungenerated not found");
  }

  @Test
  void anUnknownChainNameFailsAtTheCallNamingIt() {
    Registry empty = Registry.builder().withoutProviderDiscovery().env(Map.of()).time(time).build();
    Greeter greeter = Assistants.create(Greeter.class, empty);

    assertThatThrownBy(() -> greeter.greet("Gu"))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("chain \"fake/primary,fake/backup\"")
        .hasMessageContaining("no provider is registered for scheme 'fake'");
  }

  @Test
  void builderRejectsNulls() {
    Assistants.Builder<Greeter> builder = Assistants.builder(Greeter.class);
    assertThatThrownBy(() -> builder.tools(new Object[] {null}))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tool instance");
    assertThatThrownBy(() -> builder.registry(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Assistants.builder(null)).isInstanceOf(NullPointerException.class);
  }
}
