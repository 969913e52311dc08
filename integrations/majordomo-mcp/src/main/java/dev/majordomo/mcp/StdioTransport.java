package dev.majordomo.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The stdio transport: newline-delimited JSON-RPC over a subprocess's stdin and stdout. The SDK has
 * one, but its threads are not daemons (a JVM whose sources were never closed would not exit) and
 * it neither exposes the process (to end its descendants) nor reports that the process died (calls
 * in flight would wait for their timeout). This one runs on daemon threads, reads at most {@link
 * #MAX_LINE_CHARS} per message, keeps the last lines of stderr for error messages and logs stderr
 * at DEBUG.
 */
final class StdioTransport implements McpClientTransport {
  static final int MAX_LINE_CHARS = 32 * 1024 * 1024;
  private static final int STDERR_TAIL_LINES = 10;
  private static final int MAX_STDERR_LINE_CHARS = 2_000;

  /** What a server process inherits from the JVM's environment besides what it is given. */
  static final List<String> INHERITED_ENVIRONMENT =
      System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")
          ? List.of(
              "APPDATA",
              "HOMEDRIVE",
              "HOMEPATH",
              "LOCALAPPDATA",
              "PATH",
              "PROCESSOR_ARCHITECTURE",
              "SYSTEMDRIVE",
              "SYSTEMROOT",
              "TEMP",
              "USERNAME",
              "USERPROFILE")
          : List.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "TMPDIR", "LANG");

  private static final System.Logger LOG = System.getLogger(StdioTransport.class.getName());

  private final String source;
  private final Process process;
  private final McpJsonMapper json;
  private final ExecutorService writerThread;
  private final Scheduler writer;
  private final Sinks.Empty<Void> exited = Sinks.empty();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private volatile boolean closing;
  private volatile boolean ended;
  private final Thread stderrReader;
  private volatile String readFailure;

  private StdioTransport(String source, Process process, McpJsonMapper json) {
    this.source = source;
    this.process = process;
    this.json = json;
    this.writerThread = Executors.newSingleThreadExecutor(daemon("stdin"));
    this.writer = Schedulers.fromExecutorService(writerThread);
    // Read from the start, so that a server that fails at once leaves its reason for the message.
    this.stderrReader = daemon("stderr").newThread(this::readErrors);
    this.stderrReader.start();
  }

  /**
   * Starts the server process.
   *
   * @throws IOException if the command cannot be started
   */
  static StdioTransport start(
      String source,
      List<String> command,
      Map<String, String> environment,
      Path workingDirectory,
      McpJsonMapper json)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().retainAll(INHERITED_ENVIRONMENT);
    env.putAll(environment);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    Process process = builder.start();
    ProcessTrees.track(process);
    return new StdioTransport(source, process, json);
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(
        () -> {
          daemon("stdout").newThread(() -> readMessages(handler)).start();
        });
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.<Void>fromRunnable(() -> write(message)).subscribeOn(writer);
  }

  private void write(McpSchema.JSONRPCMessage message) {
    if (closing || !process.isAlive()) {
      throw new IllegalStateException("the MCP server '" + source + "' " + exitDescription());
    }
    try {
      // One message per line: JSON escapes new lines inside strings, so only pretty-printing
      // could put one in, and the mapper does not pretty-print.
      byte[] line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
      OutputStream stdin = process.getOutputStream();
      stdin.write(line);
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write to the MCP server '" + source + "': " + e.getMessage(), e);
    }
  }

  private void readMessages(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    try (BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = readLine(stdout, MAX_LINE_CHARS)) != null) {
        if (line.isBlank()) {
          continue;
        }
        McpSchema.JSONRPCMessage message;
        try {
          message = McpSchema.deserializeJsonRpcMessage(json, line);
        } catch (IOException | RuntimeException e) {
          LOG.log(
              Level.DEBUG, "MCP server ''{0}'' wrote a line that is not JSON-RPC; ignored", source);
          continue;
        }
        handler
            .apply(Mono.just(message))
            .subscribe(
                ignored -> {},
                error ->
                    LOG.log(
                        Level.DEBUG,
                        "MCP server ''{0}'': handling a message failed: {1}",
                        source,
                        error.toString()));
      }
    } catch (LineTooLongException e) {
      readFailure = "sent a message longer than " + MAX_LINE_CHARS + " characters";
      LOG.log(Level.WARNING, "MCP server ''{0}'' {1}; stopping it", source, readFailure);
    } catch (IOException e) {
      if (!closing) {
        LOG.log(
            Level.DEBUG, "MCP server ''{0}'': reading stdout failed: {1}", source, e.toString());
      }
    } finally {
      if (!closing) {
        // A server that closed its stdout is of no more use: give it a moment to exit on its own
        // (its exit code tells why), then end it so that nothing lingers.
        awaitExit();
        if (process.isAlive()) {
          process.destroy();
        }
      }
      ended = true;
      exited.tryEmitEmpty();
    }
  }

  private void readErrors() {
    try (BufferedReader stderr =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = readLine(stderr, MAX_STDERR_LINE_CHARS)) != null) {
        LOG.log(Level.DEBUG, "MCP server ''{0}'' stderr: {1}", source, line);
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_TAIL_LINES) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(line);
        }
      }
    } catch (LineTooLongException e) {
      drainQuietly();
    } catch (IOException e) {
      // The process ended; nothing more to read.
    }
  }

  private void drainQuietly() {
    try {
      process.getErrorStream().transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** {@return whether the server's stdout has ended} */
  boolean hasExited() {
    return ended;
  }

  /** Completes when the server's stdout ends: it exited, crashed, or was stopped. */
  Mono<Void> exited() {
    return exited.asMono();
  }

  /** Why the server is gone, with its exit code and the end of its stderr, for error messages. */
  String exitDescription() {
    StringBuilder description = new StringBuilder();
    if (ended && !closing) {
      awaitExit();
    }
    if (readFailure != null) {
      description.append(readFailure);
    } else if (process.isAlive()) {
      description.append("closed its output");
    } else {
      description.append("exited with code ").append(process.exitValue());
      awaitStderr();
    }
    synchronized (stderrTail) {
      if (!stderrTail.isEmpty()) {
        description.append("; its last stderr lines: ").append(String.join(" | ", stderrTail));
      }
    }
    return description.toString();
  }

  /**
   * {@link #exitDescription()} when the process exited or exits within a second, else empty: a
   * failure to write to a server that exits at once (a broken pipe) races with seeing its exit.
   */
  String exitDescriptionIfGone() {
    if (!closing) {
      awaitExit();
    }
    return process.isAlive() ? "" : exitDescription();
  }

  /** A process whose output ended is about to exit: let it, for its exit code. */
  private void awaitExit() {
    try {
      process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets the stderr reader take in the last lines of a process that exited. */
  private void awaitStderr() {
    if (stderrReader != Thread.currentThread()) {
      try {
        stderrReader.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::terminate);
  }

  @Override
  public void close() {
    terminate();
  }

  /** Ends the process tree and the writer thread; idempotent. */
  void terminate() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Ending the process below is what matters.
    }
    ProcessTrees.end(process, ProcessTrees.GRACE);
    writer.dispose();
    writerThread.shutdownNow();
  }

  long pid() {
    return process.pid();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }

  private java.util.concurrent.ThreadFactory daemon(String stream) {
    return runnable -> {
      Thread thread = new Thread(runnable, "majordomo-mcp-" + source + "-" + stream);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Reads one line like {@link BufferedReader#readLine()}, refusing one longer than a bound. */
  static String readLine(Reader reader, int maxChars) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = reader.read()) != -1) {
      if (c == '\n') {
        return line.toString();
      }
      if (c != '\r') {
        if (line.length() >= maxChars) {
          throw new LineTooLongException();
        }
        line.append((char) c);
      }
    }
    return line.length() == 0 ? null : line.toString();
  }

  /** A line past the bound; the peer is not trusted further. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException() {
      super("line too long");
    }
  }
}
