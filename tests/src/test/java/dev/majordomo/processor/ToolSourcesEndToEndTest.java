package dev.majordomo.processor;

import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.ToolSourceException;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.ToolOutput;
import dev.majordomo.llm.ToolSource;
import dev.majordomo.media.Image;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.Observer;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeRequest;
import dev.majordomo.testing.FakeTimeSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tool sources end to end: {@code @Llm(toolSources)} compiled by the processor, the sources given
 * to the registry or the builder, their tools run in the same tool loop as {@code @Tool} methods.
 */
class ToolSourcesEndToEndTest {
  static final String DESK =
      """
      package e2e;

      import dev.majordomo.annotations.*;
      import dev.majordomo.llm.ResponseStream;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      @Llm(chain = "fast")
      public interface Desk extends AutoCloseable {
        @Llm(toolSources = {"files", "issues"})
        String answer(String question);

        String plain(String question);

        @Llm(toolSources = "files")
        CompletableFuture<String> later(String question);

        @Llm(toolSources = "files")
        Stream<String> stream(String question);

        @Llm(toolSources = "files")
        ResponseStream events(String question);

        @Tool("The local time.")
        default String now() {
          return "12:00";
        }

        @Override
        void close();
      }
      """;

  private static CompiledClasses classes;
  private static Class<?> deskType;

  private final FakeProvider fake = new FakeProvider();
  private final List<CallStart> failedCalls = Collections.synchronizedList(new ArrayList<>());
  private final FakeSource files = new FakeSource("files");
  private final FakeSource issues = new FakeSource("issues");

  @BeforeAll
  static void compileOnce() {
    classes = CompiledClasses.of(compileStrict(source("e2e.Desk", DESK)));
    deskType = classes.load("e2e.Desk");
  }

  private Registry.Builder registryBuilder() {
    return Registry.builder()
        .withoutProviderDiscovery()
        .provider(fake)
        .env(Map.of())
        .time(new FakeTimeSource())
        .alias("fast", "fake/primary")
        .observer(
            new Observer() {
              @Override
              public CallObservation callStarted(CallStart start) {
                return new CallObservation() {
                  @Override
                  public void failed(Throwable error) {
                    failedCalls.add(start);
                  }
                };
              }
            });
  }

  private Object desk(Registry registry, ToolSource... own) {
    Assistants.Builder<?> builder = Assistants.builder(deskType).registry(registry);
    for (ToolSource s : own) {
      builder.toolSource(s);
    }
    return builder.build();
  }

  private Object desk() {
    return desk(registryBuilder().toolSource(files).toolSource(issues).build());
  }

  private static Object call(Object desk, String name, Object... args) throws Throwable {
    for (Method m : deskType.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(desk, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  private FakeRequest lastRequest() {
    List<FakeRequest> all = fake.requests();
    return all.get(all.size() - 1);
  }

  @Test
  void toolsOfSourcesAndToolMethodsRunInTheSameRound() throws Throwable {
    files.add(tool("read_file", args -> ToolOutput.text("contents of " + args)));
    issues.add(tool("open_issue", args -> ToolOutput.text("opened")));
    fake.model("primary")
        .replyToolCalls(
            new Part.ToolCall("c1", "read_file", "{\"path\":\"a\"}"),
            new Part.ToolCall("c2", "now", "{}"),
            new Part.ToolCall("c3", "open_issue", "{}"))
        .reply("done");

    Object answer = call(desk(), "answer", "what?");

    assertThat(answer).isEqualTo("done");
    List<FakeRequest> requests = fake.requests();
    assertThat(requests.get(0).toolNames()).containsExactly("now", "read_file", "open_issue");
    assertThat(requests.get(1).toolResults())
        .extracting(Part.ToolResult::content)
        .containsExactly("contents of {\"path\":\"a\"}", "12:00", "opened");
    assertThat(files.listed.get()).isEqualTo(1);
  }

  @Test
  void eachCallAsksItsSourcesOnceAndSeesTheirNewTools() throws Throwable {
    Object desk = desk();
    files.add(tool("read_file", args -> ToolOutput.text("a")));
    fake.model("primary").reply("first");
    call(desk, "answer", "one");
    assertThat(lastRequest().toolNames()).containsExactly("now", "read_file");

    files.add(tool("write_file", args -> ToolOutput.text("b")));
    fake.model("primary").replyToolCalls(new Part.ToolCall("c1", "write_file", "{}")).reply("ok");
    call(desk, "answer", "two");

    assertThat(lastRequest().toolNames()).containsExactly("now", "read_file", "write_file");
    assertThat(lastRequest().toolResults())
        .extracting(Part.ToolResult::content)
        .containsExactly("b");
    // one listing per call, however many rounds the call takes
    assertThat(files.listed.get()).isEqualTo(2);
    assertThat(issues.listed.get()).isEqualTo(2);
  }

  @Test
  void aMethodThatNamesNoSourceNeverAsksOne() throws Throwable {
    files.add(tool("read_file", args -> ToolOutput.text("a")));
    fake.model("primary").reply("hi");

    assertThat(call(desk(), "plain", "hello")).isEqualTo("hi");

    assertThat(lastRequest().toolNames()).containsExactly("now");
    assertThat(files.listed.get()).isZero();
  }

  @Test
  void aSourceToolNamedLikeAToolMethodFailsTheCallNamingBothOrigins() {
    issues.add(tool("now", args -> ToolOutput.text("13:00")));
    Object desk = desk();

    assertThatThrownBy(() -> call(desk, "answer", "time?"))
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("Desk.answer: two tools are named 'now'")
        .hasMessageContaining("a @Tool method")
        .hasMessageContaining("tool source 'issues'");
    assertThat(fake.requests()).isEmpty();
    assertThat(failedCalls).hasSize(1);
  }

  @Test
  void twoSourcesWithAToolOfTheSameNameClash() {
    files.add(tool("search", args -> ToolOutput.text("a")));
    issues.add(tool("search", args -> ToolOutput.text("b")));
    Object desk = desk();

    assertThatThrownBy(() -> call(desk, "answer", "find"))
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("one of tool source 'files' and one of tool source 'issues'");
  }

  @Test
  void aSourceThatCannotListItsToolsFailsTheSyncCall() {
    files.failure = new IllegalStateException("server exited with status 1");
    Object desk = desk();

    assertThatThrownBy(() -> call(desk, "answer", "q"))
        .isInstanceOf(ToolSourceException.class)
        .hasMessage(
            "Desk.answer: tool source 'files' could not list its tools: server exited with status"
                + " 1")
        .satisfies(e -> assertThat(((ToolSourceException) e).source()).isEqualTo("files"));
    assertThat(fake.requests()).isEmpty();
    assertThat(failedCalls).hasSize(1);
  }

  @Test
  void aSourceThatCannotListItsToolsFailsTheFuture() throws Throwable {
    files.failure = new ToolSourceException("files", "closed");
    CompletableFuture<?> future = (CompletableFuture<?>) call(desk(), "later", "q");

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("Desk.later: tool source 'files' could not list its tools: closed");
    assertThat(failedCalls).hasSize(1);
  }

  @Test
  void aSourceThatCannotListItsToolsFailsTheTextStreamWhenRead() throws Throwable {
    files.failure = new IllegalStateException("down");
    @SuppressWarnings("unchecked")
    Stream<String> stream = (Stream<String>) call(desk(), "stream", "q");

    try (stream) {
      assertThatThrownBy(stream::toList)
          .isInstanceOf(ToolSourceException.class)
          .hasMessageContaining("Desk.stream: tool source 'files' could not list its tools");
    }
    assertThat(failedCalls).hasSize(1);
  }

  @Test
  void aSourceThatCannotListItsToolsFailsTheEventStreamWhenRead() throws Throwable {
    files.failure = new IllegalStateException("down");
    ResponseStream stream = (ResponseStream) call(desk(), "events", "q");

    try (stream) {
      assertThatThrownBy(stream::hasNext)
          .isInstanceOf(ToolSourceException.class)
          .hasMessageContaining("Desk.events: tool source 'files' could not list its tools");
    }
    assertThat(files.listed.get()).isEqualTo(1);
  }

  @Test
  void theEventStreamOffersTheSourcesTools() throws Throwable {
    files.add(tool("read_file", args -> ToolOutput.text("a")));
    fake.model("primary").stream("hel", "lo");
    ResponseStream stream = (ResponseStream) call(desk(), "events", "q");

    try (stream) {
      while (stream.hasNext()) {
        stream.next();
      }
    }

    assertThat(lastRequest().toolNames()).containsExactly("now", "read_file");
  }

  @Test
  void anUnknownSourceFailsTheBuildNamingTheMethodAndTheKnownOnes() {
    Registry registry = registryBuilder().toolSource(files).build();
    FakeSource typo = new FakeSource("isues");

    assertThatThrownBy(() -> desk(registry, typo))
        .isInstanceOf(ToolSourceException.class)
        .hasMessageStartingWith(
            "Desk.answer: @Llm(toolSources) names 'issues', which neither the assistant builder"
                + " nor the registry has (known: files, isues)")
        .satisfies(e -> assertThat(((ToolSourceException) e).source()).isEqualTo("issues"));
  }

  @Test
  void theBuildersSourceWinsOverTheRegistrysOfTheSameName() throws Throwable {
    FakeSource own = new FakeSource("files");
    own.add(tool("own_tool", args -> ToolOutput.text("mine")));
    files.add(tool("registry_tool", args -> ToolOutput.text("theirs")));
    Registry registry = registryBuilder().toolSource(files).toolSource(issues).build();
    fake.model("primary").reply("ok");

    call(desk(registry, own), "answer", "q");

    assertThat(lastRequest().toolNames()).containsExactly("now", "own_tool");
    assertThat(files.listed.get()).isZero();
  }

  @Test
  void aDuplicateNameInTheRegistryBuilderIsRefused() {
    Registry.Builder builder = registryBuilder().toolSource(files);

    assertThatThrownBy(() -> builder.toolSource(new FakeSource("files")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'files'");
  }

  @Test
  void closingTheRegistryClosesItsSources() {
    Registry registry = registryBuilder().toolSource(files).toolSource(issues).build();

    registry.close();
    registry.close();

    assertThat(files.closed.get()).isEqualTo(1);
    assertThat(issues.closed.get()).isEqualTo(1);
  }

  @Test
  void closingAnAutoCloseableAssistantClosesOnlyItsBuildersSources() throws Exception {
    FakeSource own = new FakeSource("issues");
    Registry registry = registryBuilder().toolSource(files).build();
    AutoCloseable desk = (AutoCloseable) desk(registry, own);

    desk.close();
    desk.close();

    assertThat(own.closed.get()).isEqualTo(1);
    assertThat(files.closed.get()).isZero();
  }

  @Test
  void imagesAndErrorsOfASourcesToolReachTheModel() throws Throwable {
    Image png = Image.fromBytes(PNG);
    files.add(tool("screenshot", args -> new ToolOutput("the screen", List.of(png), false)));
    issues.add(tool("broken", args -> ToolOutput.error("no such issue")));
    fake.model("primary")
        .replyToolCalls(
            new Part.ToolCall("c1", "screenshot", "{}"), new Part.ToolCall("c2", "broken", "{}"))
        .reply("seen");

    call(desk(), "answer", "look");

    FakeRequest second = lastRequest();
    assertThat(second.toolResultImages()).containsExactly(png);
    Part.ToolResult error = second.toolResults().get(1);
    assertThat(error.isError()).isTrue();
    assertThat(error.modelText()).isEqualTo("Error: no such issue");
  }

  /** The smallest valid PNG: 1x1, transparent. */
  static final byte[] PNG =
      java.util.Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  interface Body {
    ToolOutput run(String args) throws Exception;
  }

  static ExecutableTool tool(String name, Body body) {
    ToolDefinition definition = new ToolDefinition(name, "tool " + name, "{\"type\":\"object\"}");
    return new ExecutableTool() {
      @Override
      public ToolDefinition definition() {
        return definition;
      }

      @Override
      public String invoke(String argumentsJson) throws Exception {
        return run(argumentsJson).text();
      }

      @Override
      public ToolOutput run(String argumentsJson) throws Exception {
        return body.run(argumentsJson);
      }
    };
  }

  /** A source whose tools the test sets, counting how often it is asked and closed. */
  static final class FakeSource implements ToolSource {
    private final String name;
    private final List<ExecutableTool> tools = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger listed = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    volatile RuntimeException failure;

    FakeSource(String name) {
      this.name = name;
    }

    void add(ExecutableTool tool) {
      tools.add(tool);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<ExecutableTool> tools() {
      listed.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return List.copyOf(tools);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }
}
