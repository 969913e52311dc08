package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.ToolSourceException;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolOutput;
import dev.majordomo.mcp.testserver.StdioTestServer;
import dev.majordomo.mcp.testserver.ToolCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StdioToolSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private McpToolSource source;

  @AfterEach
  void closeSource() {
    if (source != null) {
      source.close();
    }
  }

  private static McpToolSource.StdioBuilder server(String name) {
    List<String> command = StdioTestServer.command();
    return McpToolSource.stdio(
        name, command.get(0), command.subList(1, command.size()).toArray(String[]::new));
  }

  private static ExecutableTool tool(McpToolSource source, String name) {
    return source.tools().stream()
        .filter(t -> t.definition().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tool " + name + " in " + names(source.tools())));
  }

  private static List<String> names(List<ExecutableTool> tools) {
    return tools.stream().map(t -> t.definition().name()).toList();
  }

  @Test
  void listsTheServersToolsWithThePrefixAndTheirSchemas() throws Exception {
    source = server("files").build();

    List<ExecutableTool> tools = source.tools();

    assertThat(names(tools))
        .contains("files_echo", "files_add", "files_chart", "files_fail", "files_slow")
        .allMatch(name -> name.startsWith("files_"));
    ExecutableTool echo = tool(source, "files_echo");
    assertThat(echo.definition().description()).isEqualTo("Answers the text it is given.");
    assertThat(JSON.readTree(echo.definition().parametersSchema()))
        .isEqualTo(
            JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                    + "\"required\":[\"text\"]}"));
    assertThat(source.tools()).isSameAs(tools);
  }

  @Test
  void callsToolsReturningTextStructuredContentImagesAndErrors() throws Exception {
    source = server("t").build();

    assertThat(tool(source, "t_echo").run("{\"text\":\"hello\"}"))
        .isEqualTo(ToolOutput.text("hello"));
    assertThat(tool(source, "t_add").run("{\"a\":2,\"b\":3}").text()).isEqualTo("{\"sum\":5}");
    ToolOutput chart = tool(source, "t_chart").run("{}");
    assertThat(chart.images()).hasSize(1);
    assertThat(chart.images().get(0).bytes().orElseThrow()).isEqualTo(ToolCatalogue.chartPng());
    assertThat(tool(source, "t_fail").run("{}"))
        .isEqualTo(ToolOutput.error(ToolCatalogue.FAILED_ON_PURPOSE));
  }

  @Test
  void argumentsThatAreNotAJsonObjectAreAnErrorResult() throws Exception {
    source = server("t").build();

    ToolOutput output = tool(source, "t_echo").run("{not json");

    assertThat(output.isError()).isTrue();
    assertThat(output.text()).contains("t_echo").contains("not a JSON object");
  }

  @Test
  void listsAgainAfterTheServerSaysItsToolsChanged() throws Exception {
    source = server("t").build();
    List<ExecutableTool> before = source.tools();
    assertThat(names(before)).doesNotContain("t_extra");

    assertThat(tool(source, "t_add_tool").run("{\"name\":\"extra\"}").text())
        .isEqualTo("added extra");

    List<ExecutableTool> after = source.tools();
    assertThat(names(after)).contains("t_extra");
    assertThat(names(before)).doesNotContain("t_extra");
    assertThat(tool(source, "t_extra").run("{}").text()).isEqualTo("extra was called");
  }

  @Test
  void aServerThatDiesMidCallIsAnErrorResultAndStartsAgainAtTheNextCall() throws Exception {
    source = server("t").build();
    source.tools();
    long firstPid = onlyServerPid();

    ToolOutput died = tool(source, "t_die").run("{}");

    assertThat(died.isError()).isTrue();
    assertThat(died.text()).contains("t_die").contains("exited with code " + StdioTestServer.DIED);
    assertThat(tool(source, "t_echo").run("{\"text\":\"again\"}").text()).isEqualTo("again");
    assertThat(onlyServerPid()).isNotEqualTo(firstPid);
  }

  @Test
  void aCallPastTheCallTimeoutIsAnErrorResult() throws Exception {
    source = server("t").callTimeout(Duration.ofMillis(300)).build();

    ToolOutput slow = tool(source, "t_slow").run("{}");

    assertThat(slow)
        .isEqualTo(
            ToolOutput.error(
                "tool 't_slow' (stdio "
                    + StdioTestServer.command().get(0)
                    + ") timed out after 300 ms"));
  }

  @Test
  void boundsAHugeResult() throws Exception {
    source = server("t").build();

    ToolOutput huge = tool(source, "t_huge").run("{\"chars\":3000000}");

    assertThat(huge.isError()).isFalse();
    assertThat(huge.text())
        .startsWith("0123456789")
        .endsWith("[cut: 2000000 more characters from the MCP server]");
    assertThat(huge.text().length()).isLessThan(ToolResults.MAX_TEXT_CHARS + 100);
  }

  @Test
  void anEmptyPrefixExposesTheServersNamesAndToolsKeepsOnlyThoseNamed() {
    source = server("t").toolPrefix("").tools("echo", "add").build();

    assertThat(names(source.tools())).containsExactly("echo", "add");
  }

  @Test
  void aToolNamedInToolsThatTheServerLacksIsRefused() {
    source = server("t").tools("echo", "nope").build();

    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("MCP server 't'")
        .hasMessageContaining("[nope]");
  }

  @Test
  void closeEndsTheServerAndLeavesNoNonDaemonThread() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    source = server("t").build();
    source.tools();
    long pid = onlyServerPid();

    source.close();
    source.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(ProcessHandle.current().children()).isEmpty();
    assertThat(nonDaemonThreads()).isSubsetOf(before);
    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closeEndsTheServersOwnChildrenToo() throws Exception {
    // A shell that starts a child and then becomes the server, as npx starts node.
    String server =
        String.join(
            " ", StdioTestServer.command().stream().map(StdioToolSourceTest::quoted).toList());
    source = McpToolSource.stdio("t", "sh", "-c", "sleep 600 & exec " + server).build();
    source.tools();
    List<ProcessHandle> tree = ProcessHandle.current().descendants().toList();
    assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

    source.close();

    assertThat(tree).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void aCommandThatCannotStartIsAToolSourceExceptionNamingTheSource() {
    source = McpToolSource.stdio("ghost", "/nonexistent/mcp-server").build();

    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("MCP server 'ghost'")
        .hasMessageContaining("/nonexistent/mcp-server");
    assertThat(ProcessHandle.current().children()).isEmpty();
  }

  @Test
  void aServerThatRefusesItsInputAndThenExitsIsReportedWithItsExitCode() {
    // Writing `initialize` fails (a broken pipe) while the server still runs: the failure must
    // still say why the server went, not only that a pipe broke.
    source =
        McpToolSource.stdio(
                "broken", "sh", "-c", "exec 0<&-; echo 'missing config' >&2; sleep 0.3; exit 7")
            .build();

    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("exited with code 7")
        .hasMessageContaining("missing config");
  }

  @Test
  void aServerThatExitsAtStartIsReportedWithItsExitCodeAndStderr() {
    source = McpToolSource.stdio("broken", "sh", "-c", "echo 'missing config' >&2; exit 7").build();

    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("MCP server 'broken'")
        .hasMessageContaining("exited with code 7")
        .hasMessageContaining("missing config");
  }

  @Test
  void theServerGetsOnlyTheEnvironmentItIsGiven() throws Exception {
    source =
        McpToolSource.stdio("env", "sh", "-c", "echo \"$GIVEN/${JAVA_HOME:-unset}\" >&2; exit 1")
            .environment(java.util.Map.of("GIVEN", "yes"))
            .build();

    assertThatThrownBy(source::tools).hasMessageContaining("yes/unset");
  }

  @Test
  void aServerThatDoesNotAnswerWithinTheStartTimeoutIsRefusedAndEnded() {
    source =
        McpToolSource.stdio("mute", "sleep", "600").startTimeout(Duration.ofMillis(500)).build();

    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("MCP server 'mute' (stdio sleep)")
        .hasMessageContaining("within 500 ms");
    assertThat(ProcessHandle.current().children()).isEmpty();
  }

  @Test
  void aJvmThatForgetsToCloseStillExitsAndItsShutdownHookEndsTheServer() throws Exception {
    Process program =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ForgottenSourceMain.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Long> tree;
    try (var stdout = program.getInputStream()) {
      tree =
          new String(stdout.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .map(pid -> Long.parseLong(pid.trim()))
              .toList();
    }

    assertThat(program.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(tree).hasSizeGreaterThanOrEqualTo(2);
    for (long pid : tree) {
      java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isPresent()) {
        process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    assertThat(tree)
        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void aToolWithoutANameIsLeftOutAndTheOthersStayUsable() throws Exception {
    List<String> command =
        ScriptedServerMain.command(
            "[{\"description\":\"no name\",\"inputSchema\":{\"type\":\"object\"}},"
                + "{\"name\":\"ok\",\"inputSchema\":{\"type\":\"object\"}}]");
    source =
        McpToolSource.stdio(
                "odd", command.get(0), command.subList(1, command.size()).toArray(String[]::new))
            .build();

    List<ExecutableTool> tools = source.tools();

    assertThat(names(tools)).containsExactly("odd_ok");
    assertThat(tools.get(0).run("{}")).isEqualTo(ToolOutput.text("called ok"));
  }

  @Test
  void aToolWithoutANameIsLeftOutWhenToolsNamesTheOthers() {
    List<String> command =
        ScriptedServerMain.command(
            "[{\"inputSchema\":{\"type\":\"object\"}},"
                + "{\"name\":\"ok\",\"inputSchema\":{\"type\":\"object\"}}]");
    source =
        McpToolSource.stdio(
                "odd", command.get(0), command.subList(1, command.size()).toArray(String[]::new))
            .tools("ok")
            .build();

    assertThat(names(source.tools())).containsExactly("odd_ok");
  }

  @Test
  void aTimedOutCallIsCancelledOnTheServer() throws Exception {
    source = hangingServer().callTimeout(Duration.ofMillis(300)).build();
    ExecutableTool hang = source.tools().get(0);
    long pid = onlyServerPid();

    assertThat(hang.run("{}").text()).contains("timed out after 300 ms");
    assertThat(ProcessHandle.of(pid).orElseThrow().onExit().get(20, TimeUnit.SECONDS).pid())
        .isEqualTo(pid);
  }

  @Test
  void anInterruptedCallIsAnErrorResultAndIsCancelledOnTheServer() throws Exception {
    source = hangingServer().build();
    ExecutableTool hang = source.tools().get(0);
    long pid = onlyServerPid();
    AtomicReference<ToolOutput> output = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                output.set(hang.run("{}"));
              } catch (Exception e) {
                output.set(ToolOutput.error("threw " + e));
              }
            });

    caller.start();
    caller.join(20_000);

    assertThat(output.get().isError()).isTrue();
    assertThat(output.get().text()).contains("was interrupted");
    assertThat(ProcessHandle.of(pid).orElseThrow().onExit().get(20, TimeUnit.SECONDS).pid())
        .isEqualTo(pid);
  }

  private static McpToolSource.StdioBuilder hangingServer() {
    List<String> command =
        ScriptedServerMain.command(
            "[{\"name\":\"" + ScriptedServerMain.HANG + "\",\"inputSchema\":{}}]");
    return McpToolSource.stdio(
        "hung", command.get(0), command.subList(1, command.size()).toArray(String[]::new));
  }

  @Test
  void toStringNamesTheCommandButNotItsArguments() {
    source = McpToolSource.stdio("t", "npx", "--token", "s3cret").build();

    assertThat(source.toString()).isEqualTo("McpToolSource[t, stdio npx]");
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static long onlyServerPid() {
    List<ProcessHandle> children = ProcessHandle.current().children().toList();
    assertThat(children).hasSize(1);
    return children.get(0).pid();
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.isDaemon() && t.isAlive())
        .collect(Collectors.toSet());
  }
}
