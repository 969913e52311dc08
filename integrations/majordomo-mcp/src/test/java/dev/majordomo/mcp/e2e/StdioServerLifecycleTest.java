package dev.majordomo.mcp.e2e;

import static dev.majordomo.mcp.e2e.LoopbackModels.openAiText;
import static dev.majordomo.mcp.e2e.LoopbackModels.openAiToolCalls;
import static dev.majordomo.mcp.e2e.LoopbackModels.openAiToolMessages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.mcp.McpToolSource;
import dev.majordomo.mcp.e2e.LoopbackModels.Call;
import dev.majordomo.mcp.testserver.StdioTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stdio MCP server as a subprocess of a generated assistant's calls: it dies in the middle of a
 * call and comes back at the next, and closing the registry or the assistant that owns it leaves no
 * process and no thread behind.
 */
class StdioServerLifecycleTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Llm(chain = "openai/gpt-4o-mini", toolSources = "files")
  interface Clerk {
    @Prompt("{{question}}")
    Reply<String> ask(String question);
  }

  /** An assistant that owns what its builder gave it, and lets it go on close. */
  @Llm(chain = "openai/gpt-4o-mini", toolSources = "files")
  interface ClosingClerk extends AutoCloseable {
    @Prompt("{{question}}")
    Reply<String> ask(String question);

    @Override
    void close();
  }

  private final LoopbackModels models = new LoopbackModels();

  @AfterEach
  void stop() {
    models.close();
  }

  private static McpToolSource files() {
    List<String> command = StdioTestServer.command();
    return McpToolSource.stdio(
            "files", command.get(0), command.subList(1, command.size()).toArray(String[]::new))
        .startTimeout(PATIENCE)
        .build();
  }

  @Test
  void aServerThatDiesMidCallIsAnErrorResultAndStartsAgainAtTheNextCall() throws Exception {
    McpToolSource files = files();
    try (Registry registry = models.registry().toolSource(files).build()) {
      Clerk clerk = Assistants.create(Clerk.class, registry);
      files.tools();
      Set<ProcessHandle> first = servers();
      assertThat(first).hasSize(1);
      models.openai.enqueue(openAiToolCalls(new Call("call_d", "files_die", "{}")));
      models.openai.enqueue(openAiText("The file server is gone."));

      Reply<String> died = clerk.ask("Read the file.");

      assertThat(died.value()).isEqualTo("The file server is gone.");
      assertThat(died.toolCalls().get(0).result().isError()).isTrue();
      models.takeOpenAi();
      assertThat(openAiToolMessages(models.takeOpenAi())).hasSize(1);
      awaitExit(first);

      models.openai.enqueue(
          openAiToolCalls(new Call("call_e", "files_echo", "{\"text\":\"back\"}")));
      models.openai.enqueue(openAiText("It is back."));
      Reply<String> back = clerk.ask("Try again.");

      assertThat(back.value()).isEqualTo("It is back.");
      assertThat(back.toolCalls().get(0).result().content()).isEqualTo("back");
      assertThat(back.toolCalls().get(0).result().isError()).isFalse();
      assertThat(servers()).hasSize(1).doesNotContainAnyElementsOf(first);
    }
  }

  @Test
  void closingTheRegistryEndsTheServerAndItsThreads() throws Exception {
    Registry registry = models.registry().toolSource(files()).build();
    Clerk clerk = Assistants.create(Clerk.class, registry);
    models.openai.enqueue(openAiToolCalls(new Call("call_e", "files_echo", "{\"text\":\"hi\"}")));
    models.openai.enqueue(openAiText("Hi."));
    clerk.ask("Say hi through the server.");
    Set<ProcessHandle> running = servers();
    assertThat(running).hasSize(1);
    assertThat(moduleThreads()).isNotEmpty();

    registry.close();

    awaitExit(running);
    assertThat(servers()).isEmpty();
    assertThat(moduleThreads()).isEmpty();
  }

  @Test
  void closingAnAssistantEndsTheSourceItsBuilderGaveIt() throws Exception {
    try (Registry registry = models.registry().build()) {
      ClosingClerk clerk =
          Assistants.builder(ClosingClerk.class).registry(registry).toolSource(files()).build();
      models.openai.enqueue(openAiToolCalls(new Call("call_e", "files_echo", "{\"text\":\"hi\"}")));
      models.openai.enqueue(openAiText("Hi."));
      assertThat(clerk.ask("Say hi through the server.").toolCalls().get(0).result().content())
          .isEqualTo("hi");
      Set<ProcessHandle> running = servers();
      assertThat(running).hasSize(1);

      clerk.close();

      awaitExit(running);
      assertThat(servers()).isEmpty();
      assertThat(moduleThreads()).isEmpty();
    }
  }

  /** The test servers this JVM started and that still run. */
  private static Set<ProcessHandle> servers() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                process
                    .info()
                    .arguments()
                    .map(arguments -> List.of(arguments).contains(StdioTestServer.class.getName()))
                    .orElse(true))
        .collect(Collectors.toSet());
  }

  private static void awaitExit(Set<ProcessHandle> processes) throws Exception {
    for (ProcessHandle process : processes) {
      process.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** The live threads this module names (its stdio readers and writers). */
  private static List<String> moduleThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("majordomo-mcp-"))
        .toList();
  }
}
