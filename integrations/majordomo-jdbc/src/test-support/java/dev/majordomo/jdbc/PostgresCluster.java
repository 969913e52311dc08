package dev.majordomo.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away PostgreSQL cluster from the binaries installed on this machine: {@code initdb} into
 * a fresh folder, {@code pg_ctl start} on a free loopback port with fsync off, {@code pg_ctl stop}
 * and the folder deleted on {@link #close()} (and at JVM exit if nobody closed it).
 *
 * <p>The binaries are found in {@code $PG_BIN} when it is set (and nowhere else then), else in the
 * newest {@code /usr/lib/postgresql/<version>/bin}, else beside {@code initdb} on the {@code PATH}.
 * PostgreSQL refuses to run as root: as root, the cluster runs as the {@code postgres} user through
 * {@code runuser}, in a folder it owns.
 *
 * <p>Used by this module's tests ({@link PostgresServer}) and by the JDBC benchmark.
 */
public final class PostgresCluster implements AutoCloseable {
  /** The superuser that {@code initdb} creates; trust authentication on loopback, no password. */
  public static final String USER = "majordomo";

  private static final String SERVICE_USER = "postgres";
  // A Unix socket path holds at most 107 bytes; longer folders get TCP only.
  private static final int MAX_SOCKET_FOLDER = 80;
  private static final long TIMEOUT_SECONDS = 60;
  private static final int POOL_SIZE = 40;

  private final Path bin;
  private final Path folder;
  private final boolean asServiceUser;
  private final int port;
  private final Thread shutdownHook;
  private boolean closed;
  private ConnectionPool pool;

  private PostgresCluster(Path bin, Path folder, boolean asServiceUser, int port) {
    this.bin = bin;
    this.folder = folder;
    this.asServiceUser = asServiceUser;
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-cluster-stop");
  }

  /**
   * The folder holding {@code initdb} and {@code pg_ctl}, or why there is none: {@code "PG_BIN=/x
   * holds no initdb"}, {@code "no PostgreSQL binaries: ..."}.
   */
  public static Binaries findBinaries() {
    String env = System.getenv("PG_BIN");
    if (env != null && !env.isBlank()) {
      Path dir = Path.of(env);
      return hasBinaries(dir)
          ? new Binaries(Optional.of(dir), "")
          : new Binaries(Optional.empty(), "PG_BIN=" + env + " holds no initdb and pg_ctl");
    }
    List<Path> candidates = new ArrayList<>();
    Path installed = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(installed)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(installed)) {
        List<Path> sorted = new ArrayList<>();
        versions.forEach(sorted::add);
        sorted.sort(Comparator.comparing(PostgresCluster::versionOf).reversed());
        sorted.forEach(v -> candidates.add(v.resolve("bin")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) {
          Path initdb = Path.of(entry, "initdb");
          if (Files.isExecutable(initdb)) {
            try {
              candidates.add(initdb.toRealPath().getParent());
            } catch (IOException e) {
              // a dangling link on the PATH: not a candidate
            }
          }
        }
      }
    }
    for (Path dir : candidates) {
      if (hasBinaries(dir)) {
        return new Binaries(Optional.of(dir), "");
      }
    }
    return new Binaries(
        Optional.empty(),
        "no PostgreSQL binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or on the PATH;"
            + " install PostgreSQL (apt-get install postgresql) or set PG_BIN to their folder");
  }

  /**
   * Where the binaries are, or why none were found.
   *
   * @param folder the folder holding {@code initdb} and {@code pg_ctl}
   * @param whyNone empty when found
   */
  public record Binaries(Optional<Path> folder, String whyNone) {}

  /**
   * Starts a cluster in a new folder under {@code parent} (or, as root, under the temporary folder
   * when the {@code postgres} user cannot write into {@code parent}).
   *
   * @throws IllegalStateException when no binaries are found or the server does not start; the
   *     message holds the end of the server's log
   */
  public static PostgresCluster start(Path parent) throws IOException, InterruptedException {
    Path bin =
        findBinaries()
            .folder()
            .orElseThrow(() -> new IllegalStateException(findBinaries().whyNone()));
    return start(bin, parent);
  }

  /** {@link #start(Path)} with the binaries in {@code bin}. */
  static PostgresCluster start(Path bin, Path parent) throws IOException, InterruptedException {
    boolean root = isRoot();
    parent = parent.toAbsolutePath();
    Files.createDirectories(parent);
    Path folder = Files.createTempDirectory(parent, "pg-");
    if (root) {
      UserPrincipal postgres =
          folder
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(SERVICE_USER);
      Files.setOwner(folder, postgres);
      if (run(List.of("runuser", "-u", SERVICE_USER, "--", "test", "-w", folder.toString())) != 0) {
        // A parent folder the postgres user cannot enter (a clone under /root): use /tmp.
        Files.delete(folder);
        folder = Files.createTempDirectory("majordomo-pg-");
        Files.setOwner(folder, postgres);
      }
    }
    IOException lastFailure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      PostgresCluster cluster = new PostgresCluster(bin, folder, root, freePort());
      try {
        cluster.initAndStart(attempt == 0);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        return cluster;
      } catch (IOException e) {
        // Most likely another process took the port between choosing and binding it. A start that
        // timed out may have left the server running, though: stop it before the folder is reused
        // or deleted, or it would outlive the build.
        lastFailure = e;
        cluster.stopServerQuietly();
      } catch (RuntimeException e) {
        deleteRecursively(folder);
        throw e;
      }
    }
    deleteRecursively(folder);
    throw new IllegalStateException(
        "PostgreSQL did not start in " + folder + ": " + lastFailure.getMessage(), lastFailure);
  }

  /** The loopback port the server listens on. */
  public int port() {
    return port;
  }

  /** The URL of the {@code postgres} database, as {@link #USER}; no password. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER;
  }

  /** A new data source for the {@code postgres} database: one new connection per call. */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {"127.0.0.1"});
    dataSource.setPortNumbers(new int[] {port});
    dataSource.setDatabaseName("postgres");
    dataSource.setUser(USER);
    return dataSource;
  }

  /**
   * The cluster's pool of up to {@value #POOL_SIZE} connections to the {@code postgres} database,
   * as an application would use: opening a PostgreSQL connection costs a process on the server.
   */
  public synchronized DataSource pooledDataSource() {
    if (pool == null) {
      pool = new ConnectionPool(dataSource(), POOL_SIZE);
    }
    return pool;
  }

  /** Stops the server at once and deletes its folder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    if (pool != null) {
      pool.close();
    }
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs anyway
    }
  }

  private void initAndStart(boolean init) throws IOException, InterruptedException {
    Path data = folder.resolve("data");
    if (init) {
      execOrFail(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"),
          "initdb");
    }
    String socketFolder = folder.toString().length() <= MAX_SOCKET_FOLDER ? folder.toString() : "";
    String options =
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1"
            + " -c unix_socket_directories='"
            + socketFolder
            + "' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            + " -c max_connections=120";
    exec(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            folder.resolve("server.log").toString(),
            "-o",
            options,
            "-w",
            "-t",
            String.valueOf(TIMEOUT_SECONDS),
            "start"),
        "pg_ctl start");
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stopServer();
    } catch (IOException | RuntimeException e) {
      System.err.println("PostgreSQL in " + folder + " did not stop: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      deleteRecursively(folder);
    } catch (IOException e) {
      System.err.println("could not delete " + folder + ": " + e.getMessage());
    }
  }

  /** Stops a server that may or may not run, saying nothing when none does. */
  private void stopServerQuietly() throws InterruptedException {
    try {
      stopServer();
    } catch (IOException | RuntimeException e) {
      // most often "no server running": the start failed before the server did
    }
  }

  private void stopServer() throws IOException, InterruptedException {
    exec(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            folder.resolve("data").toString(),
            "-m",
            "immediate",
            "-w",
            "stop"),
        "pg_ctl stop");
  }

  private void execOrFail(List<String> command, String what) throws InterruptedException {
    try {
      exec(command, what);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private void exec(List<String> command, String what) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asServiceUser) {
      full.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
    }
    full.addAll(command);
    Process process =
        new ProcessBuilder(full)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve(what.replace(' ', '-') + ".out").toFile())
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(what + " did not finish in " + (TIMEOUT_SECONDS + 10) + " s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          what
              + " exited with "
              + process.exitValue()
              + ": "
              + tail(folder.resolve(what.replace(' ', '-') + ".out"))
              + tail(folder.resolve("server.log")));
    }
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(devNull()).start();
    return process.waitFor();
  }

  private static ProcessBuilder.Redirect devNull() {
    return ProcessBuilder.Redirect.DISCARD;
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String uid;
    try (InputStream in = process.getInputStream()) {
      uid = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    process.waitFor();
    return uid.equals("0");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean hasBinaries(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
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
