package dev.majordomo.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.InMemoryConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Where an assistant's store, policy and namespace come from: its builder, else its registry. */
class ConversationConfigurationTest {
  private final FakeProvider fake = new FakeProvider();

  private Registry.Builder registry() {
    return Registry.builder()
        .withoutProviderDiscovery()
        .provider(fake)
        .env(Map.of())
        .time(new FakeTimeSource())
        .alias("support", "fake/desk");
  }

  private List<String> lastSent() {
    List<Request> requests = fake.requests("desk");
    return requests.get(requests.size() - 1).messages().stream().map(Message::text).toList();
  }

  @Test
  void assistantsOfOneRegistryShareItsInMemoryStoreCreatedOnFirstUse() {
    Registry registry = registry().build();
    fake.model("desk").reply("Hello Alice.");
    SupportDesk one = Assistants.create(SupportDesk.class, registry);
    SupportDesk two = Assistants.create(SupportDesk.class, registry);

    one.answer("alice", "Hi");

    assertThat(two.history("alice"))
        .extracting(Message::text)
        .containsExactly("Hi", "Hello Alice.");
    assertThat(registry.conversationStore())
        .isInstanceOf(InMemoryConversationStore.class)
        .isSameAs(registry.conversationStore());
    assertThat(registry.conversationStore().load("dev.majordomo.desk.SupportDesk/alice", 10))
        .hasSize(1);
    assertThat(registry().build().conversationStore()).isNotSameAs(registry.conversationStore());
  }

  @Test
  void theRegistrysStoreAndPolicyServeItsAssistants() {
    ConversationStore store = new InMemoryConversationStore();
    Registry registry =
        registry().conversationStore(store).memoryPolicy(MemoryPolicy.lastMessages(2)).build();
    fake.model("desk").reply("a1").reply("a2").reply("a3");
    SupportDesk desk = Assistants.create(SupportDesk.class, registry);

    desk.answer("alice", "q1");
    desk.answer("alice", "q2");
    desk.answer("alice", "q3");

    assertThat(registry.conversationStore()).isSameAs(store);
    assertThat(registry.memoryPolicy()).isEqualTo(MemoryPolicy.lastMessages(2));
    assertThat(lastSent()).containsExactly(SupportDesk.SYSTEM, "q2", "a2", "q3");
    assertThat(store.load("dev.majordomo.desk.SupportDesk/alice", 100)).hasSize(3);
  }

  @Test
  void theBuildersStoreAndPolicyOverrideTheRegistrys() {
    ConversationStore registryStore = new InMemoryConversationStore();
    ConversationStore own = new InMemoryConversationStore();
    Registry registry =
        registry()
            .conversationStore(registryStore)
            .memoryPolicy(MemoryPolicy.lastMessages(2))
            .build();
    fake.model("desk").reply("a1").reply("a2");
    SupportDesk desk =
        Assistants.builder(SupportDesk.class)
            .registry(registry)
            .conversationStore(own)
            .memoryPolicy(MemoryPolicy.lastMessages(10))
            .build();

    desk.answer("alice", "q1");
    desk.answer("alice", "q2");

    assertThat(lastSent()).containsExactly(SupportDesk.SYSTEM, "q1", "a1", "q2");
    assertThat(own.load("dev.majordomo.desk.SupportDesk/alice", 100)).hasSize(2);
    assertThat(registryStore.load("dev.majordomo.desk.SupportDesk/alice", 100)).isEmpty();
  }

  @Test
  void aNamespaceSeparatesTwoAssistantsOnOneStoreOrJoinsThem() {
    Registry registry = registry().build();
    fake.model("desk").reply("from the desk");
    SupportDesk desk = Assistants.create(SupportDesk.class, registry);
    SupportDesk renamed =
        Assistants.builder(SupportDesk.class)
            .registry(registry)
            .conversationNamespace("dev.majordomo.desk.SupportDesk")
            .build();
    SupportDesk other =
        Assistants.builder(SupportDesk.class)
            .registry(registry)
            .conversationNamespace("billing")
            .build();

    desk.answer("alice", "Hi");

    assertThat(renamed.history("alice")).hasSize(2);
    assertThat(other.history("alice")).isEmpty();
    assertThatThrownBy(() -> Assistants.builder(SupportDesk.class).conversationNamespace("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain '/'");
    assertThatThrownBy(() -> Assistants.builder(SupportDesk.class).conversationNamespace(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a conversation namespace must not be blank");
  }

  @Test
  void aStreamedAnswerReadToItsEndIsRemembered() {
    Registry registry = registry().build();
    fake.model("desk").reply("Streamed hello.").reply("ok");
    SupportDesk desk = Assistants.create(SupportDesk.class, registry);

    try (Stream<String> s = desk.streamAnswer("alice", "Hi")) {
      assertThat(String.join("", s.toList())).isEqualTo("Streamed hello.");
    }
    desk.answer("alice", "Again");

    assertThat(lastSent()).containsExactly(SupportDesk.SYSTEM, "Hi", "Streamed hello.", "Again");
  }

  @Test
  void conversationsRefuseAnIdOfAnotherType() {
    SupportDesk desk = Assistants.create(SupportDesk.class, registry().build());

    assertThatThrownBy(() -> desk.history(3.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SupportDesk.history: a conversation id is a String, UUID, Long, Integer or enum"
                + " constant, not a java.lang.Double");
    assertThatThrownBy(() -> desk.answer(null, "q"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "SupportDesk.answer, parameter customer: the conversation id is null");
  }
}
