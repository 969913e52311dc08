package dev.majordomo.mcp;

import dev.majordomo.mcp.testserver.StdioTestServer;

/**
 * A program that starts a source and returns from {@code main} without closing it, printing the
 * pids of the server and of the child it started: its JVM must still exit (the module's threads are
 * daemons), and the shutdown hook must end both (the child would outlive the server).
 */
public final class ForgottenSourceMain {
  private ForgottenSourceMain() {}

  /**
   * Starts the source and returns.
   *
   * @param args none
   */
  public static void main(String[] args) {
    // The server starts a child that outlives it unless someone ends it, as npx's node may.
    String server =
        String.join(
            " ",
            StdioTestServer.command().stream()
                .map(word -> "'" + word.replace("'", "'\\''") + "'")
                .toList());
    McpToolSource source =
        McpToolSource.stdio("forgotten", "sh", "-c", "sleep 600 & exec " + server).build();
    source.tools();
    ProcessHandle.current().descendants().forEach(process -> System.out.println(process.pid()));
    System.out.flush();
  }
}
