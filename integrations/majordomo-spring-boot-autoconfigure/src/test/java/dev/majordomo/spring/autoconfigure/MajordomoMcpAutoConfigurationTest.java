package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.ConfigException;
import dev.majordomo.ToolSourceException;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolSource;
import dev.majordomo.mcp.McpToolSource;
import dev.majordomo.mcp.testserver.StdioTestServer;
import dev.majordomo.testing.FakeProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * MCP servers from {@code majordomo.mcp.servers.*}: beans, tool sources of the registry, closed.
 */
class MajordomoMcpAutoConfigurationTest {
  private static final String CANARY = MajordomoAutoConfigurationTest.CANARY;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MajordomoAutoConfiguration.class, MajordomoMcpAutoConfiguration.class))
          .withBean(FakeProvider.class, FakeProvider::new)
          .withPropertyValues(
              "majordomo.aliases.fast=fake/m", "majordomo.assistants.enabled=false");

  /**
   * The properties that run the test server of majordomo-mcp as a subprocess named {@code name}.
   */
  private static String[] stdioServer(String name) {
    List<String> command = StdioTestServer.command();
    List<String> properties = new ArrayList<>();
    String prefix = "majordomo.mcp.servers." + name + ".";
    properties.add(prefix + "command=" + command.get(0));
    for (int i = 1; i < command.size(); i++) {
      properties.add(prefix + "args[" + (i - 1) + "]=" + command.get(i));
    }
    return properties.toArray(new String[0]);
  }

  @Test
  void aConfiguredServerIsABeanThatStartsOnFirstUseAndEndsWithTheContext() {
    ConfigurableApplicationContext[] kept = new ConfigurableApplicationContext[1];
    List<ProcessHandle> servers = new ArrayList<>();
    runner
        .withPropertyValues(stdioServer("notes"))
        .withPropertyValues("majordomo.mcp.servers.notes.call-timeout=5s")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              kept[0] = context.getSourceApplicationContext();
              McpToolSource notes =
                  context.getBean("majordomo.mcp.servers.notes", McpToolSource.class);
              assertThat(notes.name()).isEqualTo("notes");
              assertThat(children()).as("nothing starts with the context").isEmpty();

              List<String> names =
                  notes.tools().stream().map(tool -> tool.definition().name()).toList();
              assertThat(names).contains("notes_echo");
              servers.addAll(children());
              assertThat(servers).as("the server runs once asked for its tools").isNotEmpty();

              ExecutableTool echo =
                  notes.tools().stream()
                      .filter(tool -> tool.definition().name().equals("notes_echo"))
                      .findFirst()
                      .orElseThrow();
              assertThat(echo.run("{\"text\":\"hello\"}").text()).contains("hello");
            });
    assertThat(kept[0].isActive()).isFalse();
    for (ProcessHandle server : servers) {
      assertThat(server.isAlive()).as("server " + server.pid() + " after close").isFalse();
    }
    assertThat(children()).isEmpty();
  }

  @Test
  void theRegistryTakesTheConfiguredServersAndTheApplicationsToolSources() {
    // Both reach Registry.Builder.toolSource: two sources of one name stop the start-up there.
    runner
        .withPropertyValues(stdioServer("notes"))
        .withBean("ownNotes", ToolSource.class, () -> new NamedSource("notes"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(messages(context)).contains("notes");
            });
    runner
        .withPropertyValues(stdioServer("notes"))
        .withBean("ownFiles", ToolSource.class, () -> new NamedSource("files"))
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aServerWithNeitherCommandNorUrlStopsTheStartUpNamingItsProperty() {
    runner
        .withPropertyValues("majordomo.mcp.servers.notes.call-timeout=5s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              ConfigException config = cause(context, ConfigException.class);
              assertThat(config.variable()).isEqualTo("majordomo.mcp.servers.notes");
              assertThat(config.getMessage()).contains("neither command nor url");
            });
  }

  @Test
  void aServerWithBothCommandAndUrlStopsTheStartUp() {
    runner
        .withPropertyValues(
            "majordomo.mcp.servers.notes.command=notes-server",
            "majordomo.mcp.servers.notes.url=http://127.0.0.1:1/mcp")
        .run(
            context ->
                assertThat(cause(context, ConfigException.class).getMessage())
                    .contains("both command and url"));
  }

  @Test
  void aSettingOfTheOtherKindOfServerIsNamedAndItsValueNeverShown() {
    runner
        .withPropertyValues(
            "majordomo.mcp.servers.notes.command=notes-server",
            "majordomo.mcp.servers.notes.bearer-token=" + CANARY)
        .run(
            context -> {
              ConfigException config = cause(context, ConfigException.class);
              assertThat(config.variable()).isEqualTo("majordomo.mcp.servers.notes.bearer-token");
              assertThat(config.getMessage()).contains("url").doesNotContain(CANARY);
              assertThat(messages(context)).doesNotContain(CANARY);
            });
  }

  @Test
  void anInvalidServerNameOrTimeoutIsNamed() {
    runner
        .withPropertyValues("majordomo.mcp.servers[no tes].command=notes-server")
        .run(
            context ->
                assertThat(cause(context, ConfigException.class))
                    .hasMessageContaining("majordomo.mcp.servers.no tes")
                    .hasMessageContaining("[a-zA-Z0-9_-]{1,32}"));
    runner
        .withPropertyValues("majordomo.mcp.servers.no.tes.command=notes-server")
        .run(
            context ->
                assertThat(cause(context, ConfigException.class).variable())
                    .isEqualTo("majordomo.mcp.servers.no.tes.command"));
    runner
        .withPropertyValues(
            "majordomo.mcp.servers.notes.command=notes-server",
            "majordomo.mcp.servers.notes.call-timeout=-1s")
        .run(
            context ->
                assertThat(cause(context, ConfigException.class).variable())
                    .isEqualTo("majordomo.mcp.servers.notes.call-timeout"));
  }

  @Test
  void aValueThatDoesNotConvertIsNamedAndNeverShown() {
    runner
        .withPropertyValues(
            "majordomo.mcp.servers.notes.command=notes-server",
            "majordomo.mcp.servers.notes.call-timeout=" + CANARY)
        .run(
            context -> {
              assertThat(cause(context, ConfigException.class).variable())
                  .isEqualTo("majordomo.mcp.servers.notes.call-timeout");
              assertThat(messages(context)).doesNotContain(CANARY);
            });
  }

  @Test
  void anHttpServerKeepsItsTokenAndHeadersOutOfItsDescriptionAndTheEnvEndpoint() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoFakeAutoConfiguration.class,
                MajordomoAutoConfiguration.class,
                MajordomoMcpAutoConfiguration.class,
                EnvironmentEndpointAutoConfiguration.class,
                MajordomoSanitizingAutoConfiguration.class))
        .withPropertyValues(
            "majordomo.assistants.enabled=false",
            "majordomo.mcp.servers.issues.url=http://127.0.0.1:1/mcp",
            "majordomo.mcp.servers.issues.bearer-token=" + CANARY,
            "majordomo.mcp.servers.issues.headers.X-Api-Key=" + CANARY,
            "MAJORDOMO_MCP_SERVERS_FILES_ENV_API_KEY=" + CANARY,
            "management.endpoints.web.exposure.include=env",
            "management.endpoint.env.show-values=always")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              McpToolSource issues =
                  context.getBean("majordomo.mcp.servers.issues", McpToolSource.class);
              assertThat(issues.toString()).doesNotContain(CANARY);
              EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
              for (String key :
                  List.of(
                      "majordomo.mcp.servers.issues.bearer-token",
                      "majordomo.mcp.servers.issues.headers.X-Api-Key",
                      "MAJORDOMO_MCP_SERVERS_FILES_ENV_API_KEY")) {
                assertThat(env.environmentEntry(key).getProperty().getValue())
                    .as(key)
                    .isEqualTo(DsnTokenSanitizingFunction.MASK);
              }
              // Nothing listens there: the source fails to start, without the token.
              try {
                issues.tools();
              } catch (ToolSourceException expected) {
                assertThat(expected.toString()).doesNotContain(CANARY);
                assertThat(expected.source()).isEqualTo("issues");
              }
            });
  }

  private static List<ProcessHandle> children() {
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
  }

  private static String messages(AssertableApplicationContext context) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  private static <T extends Throwable> T cause(
      AssertableApplicationContext context, Class<T> type) {
    assertThat(context).hasFailed();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + context.getStartupFailure());
  }

  /** An application's own tool source, with no tools. */
  private record NamedSource(String name) implements ToolSource {
    @Override
    public List<ExecutableTool> tools() {
      return List.of();
    }

    @Override
    public void close() {}
  }
}
