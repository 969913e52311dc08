package dev.majordomo.redis;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away {@code redis-server} from the binary installed on this machine: a new process on a
 * free loopback port, without persistence ({@code --save "" --appendonly no}), in a folder of its
 * own that {@link #close()} deletes (as does JVM exit if nobody closed it).
 *
 * <p>The binary is {@code $REDIS_SERVER} when that is set (and nothing else then), else {@code
 * redis-server} on the {@code PATH}, else {@code /usr/bin/redis-server}.
 *
 * <p>Failure tests can {@link #kill()} the server (SIGKILL: clients see the connection drop, not a
 * polite shutdown), {@link #restart()} it on the same port, {@link #freeze()} it (SIGSTOP: the
 * connections stay open and nothing answers, as with a server that hangs) and {@link #thaw()} it,
 * and {@link #flushAll()}.
 *
 * <p>Used by this module's tests ({@code RedisServerExtension}) and by the Redis benchmark.
 */
public final class RedisServer implements AutoCloseable {
  private static final String ENVIRONMENT_VARIABLE = "REDIS_SERVER";
  private static final String READY = "Ready to accept connections";
  private static final long START_TIMEOUT_SECONDS = 20;
  private static final int COMMAND_TIMEOUT_MILLIS = 5_000;

  private final Path binary;
  private final List<String> extraArguments;
  private final Path folder;
  private final int port;
  private final Thread shutdownHook;
  private Process process;
  private boolean closed;

  private RedisServer(Path binary, List<String> extraArguments, Path folder, int port) {
    this.binary = binary;
    this.extraArguments = extraArguments;
    this.folder = folder;
    this.port = port;
    this.shutdownHook = new Thread(this::close, "redis-server-stop");
  }

  /**
   * The {@code redis-server} binary, or why there is none: {@code "REDIS_SERVER=/x is not an
   * executable"}, {@code "no redis-server: ..."}.
   */
  public static Binary findBinary() {
    String env = System.getenv(ENVIRONMENT_VARIABLE);
    if (env != null && !env.isBlank()) {
      Path path = Path.of(env);
      return Files.isExecutable(path)
          ? new Binary(Optional.of(path), "")
          : new Binary(
              Optional.empty(), ENVIRONMENT_VARIABLE + "=" + env + " is not an executable file");
    }
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) {
          candidates.add(Path.of(entry, "redis-server"));
        }
      }
    }
    candidates.add(Path.of("/usr/bin/redis-server"));
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return new Binary(Optional.of(candidate), "");
      }
    }
    return new Binary(
        Optional.empty(),
        "no redis-server on the PATH or in /usr/bin; install Redis (apt-get install redis-server)"
            + " or set "
            + ENVIRONMENT_VARIABLE
            + " to the binary");
  }

  /**
   * Where the binary is, or why none was found.
   *
   * @param path the {@code redis-server} executable
   * @param whyNone empty when found
   */
  public record Binary(Optional<Path> path, String whyNone) {}

  /**
   * Starts a server in a new folder under {@code parent}, with {@code extraArguments} after the
   * defaults (such as {@code "--requirepass", "secret"}; {@link #command} and {@link #flushAll}
   * do not authenticate).
   *
   * @throws IllegalStateException when there is no binary or the server does not start; the
   *     message holds the end of the server's log
   */
  public static RedisServer start(Path parent, String... extraArguments)
      throws IOException, InterruptedException {
    Binary found = findBinary();
    Path binary = found.path().orElseThrow(() -> new IllegalStateException(found.whyNone()));
    parent = parent.toAbsolutePath();
    Files.createDirectories(parent);
    Path folder = Files.createTempDirectory(parent, "redis-");
    IOException lastFailure = null;
    // Another process may take the chosen port before the server binds it: choose again.
    for (int attempt = 0; attempt < 3; attempt++) {
      RedisServer server = new RedisServer(binary, List.of(extraArguments), folder, freePort());
      try {
        server.launch();
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
      } catch (IOException e) {
        lastFailure = e;
        server.kill();
      }
    }
    deleteRecursively(folder);
    throw new IllegalStateException(
        "redis-server did not start in " + folder + ": " + lastFailure.getMessage(), lastFailure);
  }

  /** The loopback port the server listens on, the same after a {@link #restart()}. */
  public int port() {
    return port;
  }

  /** The server's URI for a client: {@code redis://127.0.0.1:<port>}, no password. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Whether the server process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Kills the server at once (SIGKILL) and waits until it is gone: clients lose their connections
   * and nothing is saved, as when a machine dies. Nothing happens when it is not running.
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly(); // SIGKILL works on a frozen process too
    try {
      if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing redis-server", e);
    }
    process = null;
  }

  /**
   * Starts the server again on the same port, empty (it saves nothing), after a {@link #kill()};
   * kills it first if it still runs. Returns once it accepts connections.
   *
   * @throws IllegalStateException when it does not start
   */
  public synchronized void restart() {
    kill();
    IOException lastFailure = null;
    // The port is free unless another process took it since the kill: try a few times.
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        launch();
        return;
      } catch (IOException e) {
        lastFailure = e;
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restarting redis-server", e);
      }
    }
    throw new IllegalStateException(
        "redis-server did not restart on port " + port + ": " + lastFailure.getMessage(),
        lastFailure);
  }

  /**
   * Stops the server's process (SIGSTOP) without closing anything: clients stay connected and get
   * no answer until {@link #thaw()}, as when a server hangs or the network drops packets.
   */
  public synchronized void freeze() {
    signal("STOP");
  }

  /** Lets a {@linkplain #freeze() frozen} server run again (SIGCONT); it answers what waited. */
  public synchronized void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    if (process == null) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!kill.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("could not send SIG" + name + " to redis-server");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  /** Deletes every key of every database, as {@code FLUSHALL} does. */
  public void flushAll() {
    Object reply = command("FLUSHALL");
    if (!"OK".equals(reply)) {
      throw new IllegalStateException("FLUSHALL answered " + reply);
    }
  }

  /**
   * Runs one command on a connection of its own and returns the reply: a {@code String} for a
   * simple or bulk string, a {@code Long} for an integer, a {@code List} for an array, {@code null}
   * for a null reply. For tests that look at the server behind the client's back ({@code PTTL},
   * {@code KEYS}, {@code CLIENT KILL}).
   *
   * @throws IllegalStateException for an error reply or when the server cannot be reached
   */
  public Object command(String... arguments) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), COMMAND_TIMEOUT_MILLIS);
      socket.setSoTimeout(COMMAND_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(encode(arguments));
      out.flush();
      return readReply(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException(
          "redis-server on port " + port + " did not answer " + arguments[0] + ": " + e, e);
    }
  }

  /** Kills the server and deletes its folder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kill();
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
    }
    try {
      deleteRecursively(folder);
    } catch (IOException e) {
      System.err.println("could not delete " + folder + ": " + e.getMessage());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is exiting, or the hook is what runs this
    }
  }

  private synchronized void launch() throws IOException, InterruptedException {
    Path log = folder.resolve("server.log");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            binary.toString(),
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder.toString(),
            "--daemonize",
            "no",
            "--logfile",
            ""));
    command.addAll(extraArguments);
    process =
        new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
    // The server says when it accepts connections: wait for that line, not on the clock; the
    // reader keeps copying the output to the log so that the server never blocks on a full pipe.
    CountDownLatch ready = new CountDownLatch(1);
    Process started = process;
    Thread reader =
        new Thread(() -> copyOutput(started.getInputStream(), log, ready), "redis-server-output");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new IOException(
          "redis-server did not start in " + START_TIMEOUT_SECONDS + " s" + tail(log));
    }
    if (!process.isAlive() || !logContains(log, READY)) {
      throw new IOException("redis-server exited on port " + port + tail(log));
    }
  }

  private static void copyOutput(InputStream output, Path log, CountDownLatch ready) {
    try (BufferedReader lines =
            new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        BufferedWriter writer =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = lines.readLine()) != null) {
        writer.write(line);
        writer.newLine();
        if (line.contains(READY)) {
          writer.flush();
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // the folder was deleted while the server still wrote: nothing left to keep
    } finally {
      ready.countDown(); // the process ended: launch() sees it is not alive
    }
  }

  private static byte[] encode(String... arguments) {
    StringBuilder request = new StringBuilder().append('*').append(arguments.length).append("\r\n");
    for (String argument : arguments) {
      byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
    }
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Object readReply(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException("redis-server answered an error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] bytes = in.readNBytes(length + 2);
          return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            items.add(readReply(in));
          }
          return items;
        }
      default:
        throw new IOException("unexpected reply type " + type + ": " + line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return line.toString();
      }
      line.append((char) c);
    }
    throw new IOException("connection closed mid-reply");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean logContains(Path log, String text) throws IOException {
    return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
  }

  private static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
