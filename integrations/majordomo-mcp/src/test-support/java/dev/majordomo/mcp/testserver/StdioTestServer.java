package dev.majordomo.mcp.testserver;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link ToolCatalogue} served over stdio by the SDK's {@link StdioServerTransportProvider}, as
 * a subprocess of the tests: {@link #command()} is its command line on the running JVM and the
 * current class path.
 *
 * <p>Standard output is the protocol, so everything else (logs, stray prints) goes to standard
 * error. The process exits when its standard input ends (the client went away) and, with code
 * {@value #DIED}, in the middle of a {@value ToolCatalogue#DIE} call, without answering it.
 */
public final class StdioTestServer {
  /** The exit code of a server that {@value ToolCatalogue#DIE}d. */
  public static final int DIED = 3;

  private StdioTestServer() {}

  /**
   * {@return the command line that starts this server: the running JVM's {@code java}, {@code -cp}
   * and the current class path, this class}
   */
  public static List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A short-lived JVM on a small shared machine: start fast rather than run fast.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StdioTestServer.class.getName());
    return List.copyOf(command);
  }

  /**
   * Serves the catalogue on standard input and output until standard input ends.
   *
   * @param args none
   */
  public static void main(String[] args) {
    PrintStream protocol = System.out;
    System.setOut(System.err);
    ToolCatalogue catalogue = ToolCatalogue.dyingWith(() -> Runtime.getRuntime().halt(DIED));
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(
            McpJsonDefaults.getMapper(), new EndOfInputExits(System.in, catalogue), protocol);
    catalogue.serve(McpServer.sync(transport));
  }

  /** Ends the process once the client closes our standard input. */
  private static final class EndOfInputExits extends FilterInputStream {
    private final ToolCatalogue catalogue;
    private final AtomicBoolean exiting = new AtomicBoolean();

    EndOfInputExits(InputStream in, ToolCatalogue catalogue) {
      super(in);
      this.catalogue = catalogue;
    }

    @Override
    public int read() throws IOException {
      return exitingAtEnd(super.read());
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return exitingAtEnd(super.read(buffer, offset, length));
    }

    private int exitingAtEnd(int read) {
      if (read == -1 && exiting.compareAndSet(false, true)) {
        // Not on the transport's reading thread, which the server's close may wait for.
        Thread exit =
            new Thread(
                () -> {
                  catalogue.close();
                  System.exit(0);
                },
                "stdio-test-server-exit");
        exit.start();
      }
      return read;
    }
  }
}
