package dev.majordomo.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * MCP servers whose tools assistants name in {@code @Llm(toolSources = …)}, under {@code
 * majordomo.mcp} (needs majordomo-mcp on the class path). Each server is started on its first use,
 * not with the application; see {@code docs/mcp.md}.
 */
@ConfigurationProperties("majordomo.mcp")
public class MajordomoMcpProperties {

  /**
   * MCP servers by name: the name that @Llm(toolSources = …) uses, matching [a-zA-Z0-9_-]{1,32}.
   * Each sets either a command (a server run as a subprocess, over stdio) or a url (a server
   * reached over Streamable HTTP).
   */
  private Map<String, Server> servers = new LinkedHashMap<>();

  /** Created by Spring. */
  public MajordomoMcpProperties() {}

  public Map<String, Server> getServers() {
    return servers;
  }

  public void setServers(Map<String, Server> servers) {
    this.servers = servers;
  }

  /** One MCP server. */
  public static class Server {
    /** The program that runs a stdio server, such as "npx" or "/usr/local/bin/notes-server". */
    private String command;

    /** The arguments of the command. */
    private List<String> args = new ArrayList<>();

    /**
     * Environment variables of a stdio server. It inherits only PATH, HOME, USER, LOGNAME, SHELL,
     * TERM, TMPDIR and LANG from the application, never its API keys; the values are masked in the
     * Actuator output.
     */
    private Map<String, String> env = new LinkedHashMap<>();

    /** The directory a stdio server runs in; the application's working directory by default. */
    private Path workingDirectory;

    /** The endpoint of a Streamable HTTP server, such as "https://mcp.example.com/mcp". */
    private URI url;

    /**
     * The bearer token sent to an HTTP server, usually a ${…} placeholder; never logged, masked in
     * the Actuator output.
     */
    private String bearerToken;

    /** Headers sent to an HTTP server; the values are masked in the Actuator output. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /**
     * How long a tool call may take before the model gets an error result saying it timed out.
     * Default: 60 seconds.
     */
    private Duration callTimeout;

    /**
     * How long starting the server, initialising the session and listing its tools may take.
     * Default: 30 seconds.
     */
    private Duration startTimeout;

    /**
     * What the model's name of each tool starts with: by default the server's name and "_"; empty
     * to use the server's own names.
     */
    private String toolPrefix;

    /** Only these tools of the server (by the server's names); all by default. */
    private List<String> tools = new ArrayList<>();

    /** Created by Spring. */
    public Server() {}

    public String getCommand() {
      return command;
    }

    public void setCommand(String command) {
      this.command = command;
    }

    public List<String> getArgs() {
      return args;
    }

    public void setArgs(List<String> args) {
      this.args = args;
    }

    public Map<String, String> getEnv() {
      return env;
    }

    public void setEnv(Map<String, String> env) {
      this.env = env;
    }

    public Path getWorkingDirectory() {
      return workingDirectory;
    }

    public void setWorkingDirectory(Path workingDirectory) {
      this.workingDirectory = workingDirectory;
    }

    public URI getUrl() {
      return url;
    }

    public void setUrl(URI url) {
      this.url = url;
    }

    public String getBearerToken() {
      return bearerToken;
    }

    public void setBearerToken(String bearerToken) {
      this.bearerToken = bearerToken;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public Duration getCallTimeout() {
      return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
    }

    public Duration getStartTimeout() {
      return startTimeout;
    }

    public void setStartTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
    }

    public String getToolPrefix() {
      return toolPrefix;
    }

    public void setToolPrefix(String toolPrefix) {
      this.toolPrefix = toolPrefix;
    }

    public List<String> getTools() {
      return tools;
    }

    public void setTools(List<String> tools) {
      this.tools = tools;
    }
  }
}
