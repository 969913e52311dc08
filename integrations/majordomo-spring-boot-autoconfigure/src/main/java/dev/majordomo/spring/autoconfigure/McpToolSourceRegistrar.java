package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import dev.majordomo.mcp.McpToolSource;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link McpToolSource} bean per server of {@code majordomo.mcp.servers.*}, named
 * after its property ({@code majordomo.mcp.servers.notes}), so that a misconfigured server stops
 * the start-up naming the property at fault, and so that an application can inject a source (into a
 * {@code Registry} of its own, say). The auto-configured registry takes every {@code ToolSource}
 * bean. A bean of the application's own with that name wins.
 */
final class McpToolSourceRegistrar implements ImportBeanDefinitionRegistrar {
  static final String PREFIX = "majordomo.mcp.servers";

  private final Environment environment;

  McpToolSourceRegistrar(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
    Map<String, MajordomoMcpProperties.Server> servers;
    try {
      // A key that binds to nothing (a dotted server name, a misspelt setting) is an error here,
      // not a server that silently never exists.
      servers =
          Binder.get(environment)
              .bind(
                  PREFIX,
                  Bindable.mapOf(String.class, MajordomoMcpProperties.Server.class),
                  new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
              .orElseGet(Map::of);
    } catch (BindException e) {
      throw bindFailure(e);
    }
    servers.forEach(
        (name, server) -> {
          String beanName = PREFIX + "." + name;
          if (registry.containsBeanDefinition(beanName)) {
            return;
          }
          RootBeanDefinition definition =
              new RootBeanDefinition(McpToolSource.class, () -> source(name, server));
          definition.setDescription("MCP server '" + name + "' of " + beanName);
          // Ends the subprocess or the connection with the context, as the registry does too.
          definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
          registry.registerBeanDefinition(beanName, definition);
        });
  }

  /**
   * A key that binds to nothing, named; or a value that does not convert (a timeout that is not a
   * duration), named without its value or Boot's cause, whose message quotes the value.
   */
  private static ConfigException bindFailure(BindException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnboundConfigurationPropertiesException unbound
          && !unbound.getUnboundProperties().isEmpty()) {
        return new ConfigException(
            unbound.getUnboundProperties().iterator().next().getName().toString(),
            "is not a setting of an MCP server",
            e);
      }
    }
    String property = e.getProperty() != null ? e.getProperty().getName().toString() : PREFIX;
    Class<?> type = e.getTarget().getType().resolve();
    return new ConfigException(
        property,
        "cannot be read as "
            + (type == null ? "this setting" : "a " + type.getSimpleName())
            + " (the value is not shown)");
  }

  private static McpToolSource source(String name, MajordomoMcpProperties.Server server) {
    String property = PREFIX + "." + name;
    boolean stdio = server.getCommand() != null && !server.getCommand().isBlank();
    boolean http = server.getUrl() != null;
    if (stdio == http) {
      throw new ConfigException(
          property,
          stdio
              ? "sets both command and url: a server runs as a subprocess (command) or is reached"
                  + " over HTTP (url), not both"
              : "sets neither command nor url: set command (a server run as a subprocess, over"
                  + " stdio) or url (a server reached over Streamable HTTP)");
    }
    if (stdio) {
      requireEmpty(property, "bearer-token", server.getBearerToken() == null, "url");
      requireEmpty(property, "headers", server.getHeaders().isEmpty(), "url");
      McpToolSource.StdioBuilder builder =
          named(
              property,
              () ->
                  McpToolSource.stdio(
                      name, server.getCommand(), server.getArgs().toArray(new String[0])));
      RegistryAssembly.checked(property + ".env", () -> builder.environment(server.getEnv()));
      if (server.getWorkingDirectory() != null) {
        builder.workingDirectory(server.getWorkingDirectory());
      }
      applyCommon(
          property,
          server,
          builder::callTimeout,
          builder::startTimeout,
          builder::toolPrefix,
          builder::tools);
      return builder.build();
    }
    requireEmpty(property, "args", server.getArgs().isEmpty(), "command");
    requireEmpty(property, "env", server.getEnv().isEmpty(), "command");
    requireEmpty(property, "working-directory", server.getWorkingDirectory() == null, "command");
    McpToolSource.HttpBuilder builder =
        named(property, () -> McpToolSource.http(name, server.getUrl()));
    if (server.getBearerToken() != null) {
      // The runtime's messages never quote a header's value, so the property's name is enough.
      RegistryAssembly.checked(
          property + ".bearer-token", () -> builder.bearerToken(server.getBearerToken()));
    }
    for (Map.Entry<String, String> header : server.getHeaders().entrySet()) {
      RegistryAssembly.checked(
          property + ".headers." + header.getKey(),
          () -> builder.header(header.getKey(), header.getValue()));
    }
    applyCommon(
        property,
        server,
        builder::callTimeout,
        builder::startTimeout,
        builder::toolPrefix,
        builder::tools);
    return builder.build();
  }

  /** The settings that both kinds of server take, each checked under its own property. */
  private static void applyCommon(
      String property,
      MajordomoMcpProperties.Server server,
      Consumer<Duration> callTimeout,
      Consumer<Duration> startTimeout,
      Consumer<String> toolPrefix,
      Consumer<String[]> tools) {
    if (server.getCallTimeout() != null) {
      RegistryAssembly.checked(
          property + ".call-timeout", () -> callTimeout.accept(server.getCallTimeout()));
    }
    if (server.getStartTimeout() != null) {
      RegistryAssembly.checked(
          property + ".start-timeout", () -> startTimeout.accept(server.getStartTimeout()));
    }
    if (server.getToolPrefix() != null) {
      RegistryAssembly.checked(
          property + ".tool-prefix", () -> toolPrefix.accept(server.getToolPrefix()));
    }
    if (!server.getTools().isEmpty()) {
      RegistryAssembly.checked(
          property + ".tools", () -> tools.accept(server.getTools().toArray(new String[0])));
    }
  }

  private static void requireEmpty(String property, String key, boolean empty, String belongsTo) {
    if (!empty) {
      throw new ConfigException(
          property + "." + key, "applies only to a server that sets " + belongsTo);
    }
  }

  private static <T> T named(String property, Supplier<T> value) {
    try {
      return value.get();
    } catch (RuntimeException e) {
      throw new ConfigException(property, e.getMessage(), e);
    }
  }
}
