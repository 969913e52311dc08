package dev.majordomo.mcp;

import dev.majordomo.ToolSourceException;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.ToolSource;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * The tools of a Model Context Protocol server, for assistants to call beside their {@code @Tool}
 * methods. A server runs as a subprocess speaking over stdio, or answers at a Streamable HTTP
 * endpoint:
 *
 * <pre>{@code
 * McpToolSource files =
 *     McpToolSource.stdio("files", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/data")
 *         .build();
 * McpToolSource issues =
 *     McpToolSource.http("issues", URI.create("https://mcp.example.com/mcp"))
 *         .bearerToken(System.getenv("ISSUES_TOKEN"))
 *         .build();
 * Registry registry = Registry.builder().toolSource(files).toolSource(issues).build();
 * }</pre>
 *
 * <p>Nothing starts until the first {@link #tools()}, which starts the server, initialises the
 * session and lists the tools within the {@linkplain StdioBuilder#startTimeout start timeout}. The
 * list is kept until the server announces that its tools changed. The model sees each tool as the
 * prefix ({@code <name>_} unless set) and the server's name, with characters outside {@code
 * [a-zA-Z0-9_-]} replaced by {@code _}. A tool call that fails (the server answers with an error,
 * does not answer within the call timeout, or is gone) is an error result the model reads, never an
 * exception; a stdio server that died is started again at the next use.
 *
 * <p>Thread-safe. {@link #close()} ends the session and the server process with everything it
 * started; servers still running when the JVM exits are ended by a shutdown hook.
 */
public final class McpToolSource implements ToolSource {
  private static final System.Logger LOG = System.getLogger(McpToolSource.class.getName());
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,32}");
  private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9_-]{0,32}");
  static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Launcher launcher;
  private final Options options;
  private final ReentrantLock startLock = new ReentrantLock();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private volatile Connection current;
  private volatile boolean closed;

  private McpToolSource(String name, Launcher launcher, Options options) {
    this.name = name;
    this.launcher = launcher;
    this.options = options;
  }

  /**
   * Starts configuring a server that runs as a subprocess and speaks MCP over its stdin and stdout.
   * It runs with the rights of this JVM's user and inherits only a few environment variables (see
   * {@link StdioBuilder#environment(Map)}).
   *
   * @param name the source's name, as {@code @Llm(toolSources = …)} names it, matching {@code
   *     [a-zA-Z0-9_-]{1,32}}
   * @param command the program to run, looked up on the {@code PATH}
   * @param arguments its arguments
   * @return a builder
   * @throws IllegalArgumentException if the name does not match or the command is blank
   */
  public static StdioBuilder stdio(String name, String command, String... arguments) {
    checkName(name);
    Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("the command of MCP server '" + name + "' is blank");
    }
    List<String> line = new ArrayList<>();
    line.add(command);
    for (String argument : arguments) {
      line.add(Objects.requireNonNull(argument, "argument"));
    }
    return new StdioBuilder(name, line);
  }

  /**
   * Starts configuring a server reached at a Streamable HTTP endpoint.
   *
   * @param name the source's name, as {@code @Llm(toolSources = …)} names it, matching {@code
   *     [a-zA-Z0-9_-]{1,32}}
   * @param endpoint the endpoint, such as {@code https://mcp.example.com/mcp}
   * @return a builder
   * @throws IllegalArgumentException if the name does not match or the endpoint is not an absolute
   *     http or https URI
   */
  public static HttpBuilder http(String name, URI endpoint) {
    checkName(name);
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "the endpoint of MCP server '" + name + "' must be an absolute http or https URI");
    }
    return new HttpBuilder(name, endpoint);
  }

  /**
   * Starts configuring a server that still speaks the HTTP+SSE transport of the 2024-11-05
   * revision: an SSE stream at {@code sseEndpoint}, messages posted where that stream says. The
   * builder and the behaviour are those of {@link #http}.
   *
   * @param name the source's name, matching {@code [a-zA-Z0-9_-]{1,32}}
   * @param sseEndpoint the SSE endpoint, such as {@code https://mcp.example.com/sse}
   * @return a builder
   * @throws IllegalArgumentException if the name does not match or the endpoint is not an absolute
   *     http or https URI
   * @deprecated the specification replaced this transport with Streamable HTTP in its 2025-03-26
   *     revision, and the SDK deprecates it; use {@link #http} once the server has moved
   */
  @Deprecated
  public static HttpBuilder sse(String name, URI sseEndpoint) {
    HttpBuilder builder = http(name, sseEndpoint);
    builder.sse = true;
    return builder;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The first call starts the server; later calls return the same list until the server says its
   * tools changed, or start the server again if it died.
   *
   * @throws ToolSourceException if the source is closed, the server does not start or list its
   *     tools within the start timeout, two of its tools map to one name, or a tool named in {@link
   *     StdioBuilder#tools(String...)} is missing
   */
  @Override
  public List<ExecutableTool> tools() {
    checkOpen();
    Connection connection = current;
    if (connection != null && connection.alive() && !connection.stale()) {
      return connection.tools();
    }
    startLock.lock();
    try {
      checkOpen();
      connection = current;
      if (connection != null && connection.alive()) {
        if (connection.stale()) {
          relist(connection);
        }
        return connection.tools();
      }
      return replace(connection).tools();
    } finally {
      startLock.unlock();
    }
  }

  /** A live connection for a tool call, starting the server again if it died. */
  Connection connectionForCall() {
    checkOpen();
    Connection connection = current;
    if (connection != null && connection.alive()) {
      return connection;
    }
    startLock.lock();
    try {
      checkOpen();
      connection = current;
      if (connection != null && connection.alive()) {
        return connection;
      }
      return replace(connection);
    } finally {
      startLock.unlock();
    }
  }

  Duration callTimeout() {
    return options.callTimeout();
  }

  /** Ends the session and the server process; idempotent, never throws. */
  @Override
  public void close() {
    closed = true;
    for (Connection connection : List.copyOf(open)) {
      discard(connection);
    }
    current = null;
  }

  @Override
  public String toString() {
    return "McpToolSource[" + name + ", " + launcher.describe() + "]";
  }

  private Connection replace(Connection dead) {
    if (dead != null) {
      discard(dead);
      current = null;
    }
    Connection connection = start();
    current = connection;
    return connection;
  }

  private Connection start() {
    McpClientTransport transport;
    try {
      transport = launcher.open(name);
    } catch (IOException | RuntimeException e) {
      throw new ToolSourceException(name, "cannot start " + describe() + ": " + e.getMessage(), e);
    }
    Connection connection = new Connection(name, launcher.describe(), transport);
    open.add(connection);
    if (closed) {
      discard(connection);
      throw closedException();
    }
    try {
      McpAsyncClient client =
          McpClient.async(connection.transport())
              .requestTimeout(longer(options.callTimeout(), options.startTimeout()))
              .initializationTimeout(options.startTimeout())
              .clientInfo(
                  McpSchema.Implementation.builder("majordomo", version())
                      .title("Majordomo")
                      .build())
              .build();
      connection.attach(client);
      long mark = connection.changeMark();
      McpSchema.ListToolsResult listed =
          Mono.firstWithSignal(
                  client.initialize().then(client.listTools()),
                  connection.<McpSchema.ListToolsResult>death())
              .timeout(options.startTimeout())
              .block();
      connection.tools(tools(listed), mark);
      return connection;
    } catch (ToolSourceException e) {
      discard(connection);
      throw e;
    } catch (RuntimeException e) {
      // Described before the connection is discarded: discarding ends the process, whose own
      // exit code and stderr say why it did not start.
      ToolSourceException failure = startFailure(connection, e);
      discard(connection);
      throw failure;
    }
  }

  private void relist(Connection connection) {
    try {
      long mark = connection.changeMark();
      McpSchema.ListToolsResult listed =
          Mono.firstWithSignal(
                  connection.client().listTools(), connection.<McpSchema.ListToolsResult>death())
              .timeout(options.startTimeout())
              .block();
      connection.tools(tools(listed), mark);
    } catch (ToolSourceException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      throw new ToolSourceException(
          name,
          describe()
              + " did not list its tools again"
              + (cause instanceof TimeoutException
                  ? " within " + format(options.startTimeout())
                  : ": " + message(cause)),
          cause);
    }
  }

  private List<ExecutableTool> tools(McpSchema.ListToolsResult listed) {
    List<McpSchema.Tool> serverTools =
        listed == null || listed.tools() == null ? List.of() : listed.tools();
    Map<String, McpSchema.Tool> byServerName = new LinkedHashMap<>();
    for (McpSchema.Tool tool : serverTools) {
      if (tool == null || tool.name() == null || tool.name().isEmpty()) {
        // The SDK reads a missing name as "": such a tool cannot be told apart or called by name,
        // and the server's other tools are still of use.
        LOG.log(Level.WARNING, "MCP server ''{0}'' listed a tool without a name; left out", name);
        continue;
      }
      if (options.allowed().isEmpty() || options.allowed().contains(tool.name())) {
        byServerName.put(tool.name(), tool);
      }
    }
    Set<String> missing = new LinkedHashSet<>(options.allowed());
    missing.removeAll(byServerName.keySet());
    if (!missing.isEmpty()) {
      List<String> offered =
          serverTools.stream()
              .filter(tool -> tool != null && tool.name() != null && !tool.name().isEmpty())
              .map(McpSchema.Tool::name)
              .toList();
      throw new ToolSourceException(
          name,
          describe() + " has no tool " + missing + " (named in .tools(…)); it has " + offered);
    }
    Map<String, String> exposed =
        ToolNames.assign(name, options.prefix(), List.copyOf(byServerName.keySet()));
    List<ExecutableTool> tools = new ArrayList<>();
    exposed.forEach(
        (exposedName, serverName) -> {
          McpSchema.Tool tool = byServerName.get(serverName);
          String description = tool.description() == null ? "" : tool.description();
          tools.add(
              new McpTool(
                  this,
                  serverName,
                  new ToolDefinition(
                      exposedName, description, InputSchemas.parameters(tool.inputSchema()))));
        });
    return tools;
  }

  private ToolSourceException startFailure(Connection connection, RuntimeException e) {
    Throwable cause = Exceptions.unwrap(e);
    String why;
    if (cause instanceof Connection.ServerGoneException gone) {
      why = gone.getMessage();
    } else if (hasCause(cause, TimeoutException.class)) {
      // This source's own timeout, or the SDK's initialization timeout (the same length), which the
      // SDK wraps: whichever fires first, the server did not start in time.
      why = "did not start and list its tools within " + format(options.startTimeout());
      String exit = connection.exitDescription();
      if (!exit.isEmpty()) {
        why += " (" + exit + ")";
      }
    } else {
      String exit =
          hasCause(cause, java.io.IOException.class, java.io.UncheckedIOException.class)
              ? connection.exitDescriptionIfGone()
              : "";
      why = "did not start: " + (exit.isEmpty() ? message(cause) : exit);
    }
    return new ToolSourceException(name, describe() + " " + why, cause);
  }

  /** Whether {@code error} or one of its causes is an instance of one of {@code types}. */
  private static boolean hasCause(Throwable error, Class<?>... types) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      for (Class<?> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private void discard(Connection connection) {
    open.remove(connection);
    connection.close();
  }

  private String describe() {
    return "MCP server '" + name + "' (" + launcher.describe() + ")";
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private ToolSourceException closedException() {
    return new ToolSourceException(name, "the MCP tool source '" + name + "' is closed");
  }

  /** The innermost message worth showing, with the kind of error when the message is empty. */
  static String message(Throwable error) {
    Throwable deepest = error;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String outer = error.getMessage();
    String inner = deepest.getMessage();
    if (deepest == error || inner == null) {
      return outer == null ? error.getClass().getSimpleName() : outer;
    }
    return (outer == null ? "" : outer + ": ") + deepest.getClass().getSimpleName() + " " + inner;
  }

  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String version() {
    String version = McpToolSource.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the name of an MCP tool source must match [a-zA-Z0-9_-]{1,32}, was '" + name + "'");
    }
  }

  /** Configures a server that runs as a subprocess. Not thread-safe; {@link #build()} copies. */
  public static final class StdioBuilder {
    private final String name;
    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path workingDirectory;
    private Options options;

    private StdioBuilder(String name, List<String> command) {
      this.name = name;
      this.command = List.copyOf(command);
      this.options = Options.defaults(name);
    }

    /**
     * Adds environment variables for the server process. The process does not inherit this JVM's
     * environment, which often holds API keys, only {@code PATH}, {@code HOME}, {@code USER},
     * {@code LOGNAME}, {@code SHELL}, {@code TERM}, {@code TMPDIR} and {@code LANG} (on Windows the
     * variables a program needs to run); pass {@code System.getenv()} to give it everything.
     *
     * @param variables names and values, added to those given before
     * @return this builder
     */
    public StdioBuilder environment(Map<String, String> variables) {
      variables.forEach(
          (key, value) ->
              environment.put(
                  Objects.requireNonNull(key, "variable name"),
                  Objects.requireNonNull(value, "value of " + key)));
      return this;
    }

    /**
     * Sets the directory the server runs in; this JVM's working directory by default.
     *
     * @param directory the directory
     * @return this builder
     */
    public StdioBuilder workingDirectory(Path directory) {
      this.workingDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets how long a tool call may take before the model gets an error result saying it timed out
     * (the server is then told to cancel it); 60 seconds by default.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public StdioBuilder callTimeout(Duration timeout) {
      options = options.callTimeout(name, timeout);
      return this;
    }

    /**
     * Sets how long starting the server, initialising the session and listing its tools may take;
     * 30 seconds by default ({@code npx} may download the server the first time).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public StdioBuilder startTimeout(Duration timeout) {
      options = options.startTimeout(name, timeout);
      return this;
    }

    /**
     * Sets what the model's name of each tool starts with; {@code <name>_} by default, {@code ""}
     * to use the server's names as they are.
     *
     * @param prefix matching {@code [a-zA-Z0-9_-]{0,32}}
     * @return this builder
     */
    public StdioBuilder toolPrefix(String prefix) {
      options = options.prefix(name, prefix);
      return this;
    }

    /**
     * Offers the model only these tools of the server (by the server's names); all by default. A
     * name the server does not have makes {@link McpToolSource#tools()} fail.
     *
     * @param serverToolNames the tools to keep
     * @return this builder
     */
    public StdioBuilder tools(String... serverToolNames) {
      options = options.allowed(name, serverToolNames);
      return this;
    }

    /**
     * Builds the source. Nothing starts until its first {@link McpToolSource#tools()}.
     *
     * @return the source
     */
    public McpToolSource build() {
      return new McpToolSource(
          name, new StdioLauncher(command, environment, workingDirectory), options);
    }

    @Override
    public String toString() {
      return "McpToolSource.StdioBuilder[" + name + ", stdio " + command.get(0) + "]";
    }
  }

  /**
   * Configures a server reached over Streamable HTTP. Header values (the bearer token among them)
   * never appear in {@code toString}, messages or logs. Not thread-safe; {@link #build()} copies.
   */
  public static final class HttpBuilder {
    private final String name;
    private final URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Options options;
    private boolean sse;

    private HttpBuilder(String name, URI endpoint) {
      this.name = name;
      this.endpoint = endpoint;
      this.options = Options.defaults(name);
    }

    /**
     * Sends {@code Authorization: Bearer <token>} with every request.
     *
     * @param token the token, not blank
     * @return this builder
     * @throws IllegalArgumentException if the token is blank or holds a line break
     */
    public HttpBuilder bearerToken(String token) {
      Objects.requireNonNull(token, "the bearer token of MCP server '" + name + "' is null");
      if (token.isBlank()) {
        throw new IllegalArgumentException(
            "the bearer token of MCP server '" + name + "' is blank");
      }
      return header("Authorization", "Bearer " + token);
    }

    /**
     * Sends a header with every request, replacing one of the same name given before.
     *
     * @param headerName the header's name
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the name is not a header name or the value holds a line
     *     break (the value is not quoted in the message)
     */
    public HttpBuilder header(String headerName, String value) {
      Objects.requireNonNull(headerName, "header name");
      Objects.requireNonNull(value, "the value of header " + headerName + " is null");
      if (!headerName.matches("[!#$%&'*+.^_`|~0-9a-zA-Z-]+")) {
        throw new IllegalArgumentException(
            "'" + headerName + "' is not a header name (MCP server '" + name + "')");
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "the value of header " + headerName + " of MCP server '" + name + "' has a line break");
      }
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(headerName));
      headers.put(headerName, value);
      return this;
    }

    /**
     * Sets how long a tool call may take before the model gets an error result saying it timed out
     * (the server is then told to cancel it); 60 seconds by default.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public HttpBuilder callTimeout(Duration timeout) {
      options = options.callTimeout(name, timeout);
      return this;
    }

    /**
     * Sets how long connecting, initialising the session and listing the tools may take; 30 seconds
     * by default.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public HttpBuilder startTimeout(Duration timeout) {
      options = options.startTimeout(name, timeout);
      return this;
    }

    /**
     * Sets what the model's name of each tool starts with; {@code <name>_} by default, {@code ""}
     * to use the server's names as they are.
     *
     * @param prefix matching {@code [a-zA-Z0-9_-]{0,32}}
     * @return this builder
     */
    public HttpBuilder toolPrefix(String prefix) {
      options = options.prefix(name, prefix);
      return this;
    }

    /**
     * Offers the model only these tools of the server (by the server's names); all by default. A
     * name the server does not have makes {@link McpToolSource#tools()} fail.
     *
     * @param serverToolNames the tools to keep
     * @return this builder
     */
    public HttpBuilder tools(String... serverToolNames) {
      options = options.allowed(name, serverToolNames);
      return this;
    }

    /**
     * Builds the source. Nothing connects until its first {@link McpToolSource#tools()}.
     *
     * @return the source
     */
    public McpToolSource build() {
      return new McpToolSource(
          name, new HttpLauncher(endpoint, headers, options.startTimeout(), sse), options);
    }

    @Override
    public String toString() {
      return "McpToolSource.HttpBuilder["
          + name
          + ", "
          + new HttpLauncher(endpoint, Map.of(), options.startTimeout(), sse).describe()
          + "]";
    }
  }

  /** Options both kinds of server share. */
  record Options(Duration callTimeout, Duration startTimeout, String prefix, Set<String> allowed) {
    Options {
      allowed = Set.copyOf(allowed);
    }

    static Options defaults(String name) {
      return new Options(DEFAULT_CALL_TIMEOUT, DEFAULT_START_TIMEOUT, name + "_", Set.of());
    }

    Options callTimeout(String source, Duration timeout) {
      return new Options(positive(source, "call timeout", timeout), startTimeout, prefix, allowed);
    }

    Options startTimeout(String source, Duration timeout) {
      return new Options(callTimeout, positive(source, "start timeout", timeout), prefix, allowed);
    }

    Options prefix(String source, String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "the tool-name prefix of MCP server '"
                + source
                + "' must match [a-zA-Z0-9_-]{0,32}, was '"
                + prefix
                + "'");
      }
      return new Options(callTimeout, startTimeout, prefix, allowed);
    }

    Options allowed(String source, String... tools) {
      Set<String> names = new LinkedHashSet<>();
      for (String tool : tools) {
        Objects.requireNonNull(tool, "tool");
        if (tool.isEmpty()) {
          throw new IllegalArgumentException("an empty tool name for MCP server '" + source + "'");
        }
        names.add(tool);
      }
      if (names.isEmpty()) {
        throw new IllegalArgumentException(
            "name at least one tool for MCP server '" + source + "', or leave .tools(…) out");
      }
      return new Options(callTimeout, startTimeout, prefix, names);
    }

    private static Duration positive(String source, String what, Duration timeout) {
      Objects.requireNonNull(timeout, what);
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "the " + what + " of MCP server '" + source + "' must be positive, was " + timeout);
      }
      return timeout;
    }
  }
}
