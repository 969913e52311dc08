package dev.majordomo.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.majordomo.Registry;
import dev.majordomo.internal.assistant.AssistantRuntime;
import dev.majordomo.internal.assistant.CallPrompt;
import dev.majordomo.internal.assistant.ConversationMemory;
import dev.majordomo.internal.assistant.MethodPlan;
import dev.majordomo.internal.assistant.ReplyDecoder;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.memory.InMemoryConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.memory.Turn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * B8: one chat completion that sends {@code history} messages of a conversation before the
 * question, four ways (LangChain4j's {@code MessageWindowChatMemory} the fourth, {@code
 * langchain4j}): an assistant method with chat memory on the in-memory store ({@code memory}: lock,
 * load, window, append), the same request built by hand and sent through the registry's chain
 * without memory ({@code withoutMemory}), and the hand-written OkHttp + Jackson floor sending the
 * same messages ({@code floor}). The history is turns of {@link Canned#QUESTION} and {@link
 * Canned#ANSWER}; the memory policy sends the newest {@code history} messages, so every call sends
 * as many, though each appends a turn. The assistant is driven as its generated class would drive
 * it: a {@code MethodPlan} with a memory id and a prompt in a conversation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Memory {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String CONVERSATION = "alice";
  private static final MethodPlan CHAT =
      MethodPlan.forMethod("Bench", "chat").withChain("bench").withMemoryId("customer");

  /** Messages of history each call sends (whole turns of two messages). */
  @Param({"0", "10", "100", "300", "1000"})
  public int history;

  private LoopbackServer server;
  private AssistantRuntime runtime;
  private Model chain;
  private List<Message> sent;
  private OkHttpClient client;
  private String url;
  private List<ObjectNode> floorHistory;
  private LangChain4j.Assistant langchain4j;

  @Setup
  public void setUp(BenchmarkParams params) throws IOException {
    server = LoopbackServer.canned();
    String name = params.getBenchmark();
    List<Message> turns = new ArrayList<>();
    for (int i = 0; i < history / 2; i++) {
      turns.add(Message.user(Canned.QUESTION));
      turns.add(Message.assistant(Canned.ANSWER));
    }
    if (name.endsWith(".memory")) {
      Registry registry = Majordomo.registry(server);
      InMemoryConversationStore store = new InMemoryConversationStore();
      for (int i = 0; i < turns.size(); i += 2) {
        store.append("bench/" + CONVERSATION, Turn.of(turns.subList(i, i + 2)));
      }
      // With a limit of 1 no turn fits, so the call sends no history, as it must for 0.
      MemoryPolicy policy = MemoryPolicy.lastMessages(Math.max(1, history));
      runtime =
          new AssistantRuntime(
              Memory.class,
              registry::chain,
              null,
              null,
              registry.limits(),
              new ConversationMemory(() -> store, policy, "bench"));
      Check.equal(Canned.ANSWER, memory());
      // the store keeps at most DEFAULT_MAX_MESSAGES messages of a conversation
      Check.equal(
          Math.min(history + 2, InMemoryConversationStore.DEFAULT_MAX_MESSAGES),
          runtime.history(CONVERSATION).size());
    } else if (name.endsWith(".withoutMemory")) {
      chain = Majordomo.registry(server).chain("bench");
      sent = new ArrayList<>(turns);
      sent.add(Message.user(Canned.QUESTION));
      Check.equal(Canned.ANSWER, withoutMemory());
    } else if (name.endsWith(".langchain4j")) {
      // Holds the newest history + 1 messages: before each call's question is added it holds
      // the newest history messages, so each call sends as many as the other contenders.
      MessageWindowChatMemory window = MessageWindowChatMemory.withMaxMessages(history + 1);
      for (Message m : turns) {
        window.add(m.role() == Role.USER ? UserMessage.from(m.text()) : AiMessage.from(m.text()));
      }
      langchain4j =
          AiServices.builder(LangChain4j.Assistant.class)
              .chatModel(LangChain4j.model(server))
              .chatMemory(window)
              .build();
      Check.equal(Canned.ANSWER, langchain4j());
      Check.equal(history + 1, window.messages().size());
    } else {
      // Nagle's algorithm off, as Majordomo's and java.net.http's clients have it: with it on, a
      // body of more than one loopback segment (64 KB, about 1,000 messages here) waits 40 ms
      // for the server's delayed acknowledgement, and the benchmark would time that timer.
      client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).build();
      url = server.baseUrl() + "/v1/chat/completions";
      floorHistory = new ArrayList<>();
      for (Message m : turns) {
        floorHistory.add(message(m.role().name().toLowerCase(Locale.ROOT), m.text()));
      }
      Check.equal(Canned.ANSWER, floor());
    }
  }

  @TearDown
  public void tearDown() {
    server.close();
  }

  /** An assistant method with {@code @MemoryId}: the history comes from the store. */
  @Benchmark
  public String memory() {
    CallPrompt prompt = CallPrompt.of(null, Canned.QUESTION).inConversation(CONVERSATION);
    return runtime.call(CHAT, Toolbox.empty(), prompt, ReplyDecoder.TEXT).value();
  }

  /** The same messages, kept by the caller and sent through the chain. */
  @Benchmark
  public String withoutMemory() {
    return chain.call(Request.of(sent)).text();
  }

  /** LangChain4j's {@code AiServices} with a {@code MessageWindowChatMemory}. */
  @Benchmark
  public String langchain4j() {
    return langchain4j.ask(Canned.QUESTION);
  }

  /** The same messages by hand: a list of JSON messages, serialised on each call. */
  @Benchmark
  public String floor() {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", "bench");
    ArrayNode messages = body.putArray("messages");
    messages.addAll(floorHistory);
    messages.add(message("user", Canned.QUESTION));
    okhttp3.Request request;
    try {
      request =
          new okhttp3.Request.Builder()
              .url(url)
              .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("HTTP " + response.code());
      }
      JsonNode root = MAPPER.readTree(response.body().byteStream());
      return root.path("choices").path(0).path("message").path("content").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode message(String role, String content) {
    ObjectNode m = MAPPER.createObjectNode();
    m.put("role", role);
    m.put("content", content);
    return m;
  }
}
