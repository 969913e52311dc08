package dev.majordomo.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One connection to Redis, shared by every thread (Lettuce pipelines their commands on it), opened
 * on first use rather than at start-up, so that an application starts while Redis is down; a failed
 * attempt is tried again by the next call. Once open, Lettuce reconnects it on its own.
 *
 * <p>It knows the server only as {@code host:port}: nothing it prints holds a password.
 */
final class LazyConnection implements AutoCloseable {
  // While Redis is away Lettuce retries with growing delays; a short cap brings the store back
  // within a second of Redis (its default grows to 30 s).
  private static final Delay RECONNECT_DELAY =
      Delay.exponential(Duration.ofMillis(1), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);

  private final RedisClient client;
  private final ClientResources ownedResources;
  private final Duration timeout;
  private final String server;
  private final List<String> secrets;
  private final Object lock = new Object();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile boolean closed;
  // The attempt to connect under way, if any; guarded by lock.
  private CompletableFuture<StatefulRedisConnection<String, String>> connecting;

  private LazyConnection(
      RedisClient client,
      ClientResources ownedResources,
      Duration timeout,
      String server,
      List<String> secrets) {
    this.client = client;
    this.ownedResources = ownedResources;
    this.timeout = timeout;
    this.server = server;
    this.secrets = secrets;
  }

  /**
   * A connection through a client of its own, which {@link #close()} shuts down: commands fail at
   * once while Redis is unreachable instead of queueing, and every wait is bounded by {@code
   * timeout}.
   *
   * @throws IllegalArgumentException when {@code uri} is not a Redis URI; the message does not
   *     quote it, since it may hold a password
   */
  static LazyConnection owning(String uri, Duration timeout) {
    Objects.requireNonNull(uri, "uri");
    List<String> secrets = secretsOf(uri);
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      // Lettuce's message may quote the URI, password included: masked, and the cause left out.
      throw new IllegalArgumentException(
          "not a Redis URI ("
              + scrub(String.valueOf(e.getMessage()).replace(uri, "<uri>"), secrets)
              + "): expected redis://[[user]:password@]host[:port][/database], rediss://... for"
              + " TLS (the URI is not shown: it may hold a password)");
    }
    parsed.setTimeout(timeout);
    ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    RedisClient client = RedisClient.create(resources, parsed);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    return new LazyConnection(client, resources, timeout, describe(parsed), secrets);
  }

  /**
   * A connection through the application's client, whose options are left as they are; {@link
   * #close()} closes the connection, not the client. Commands wait at most {@code timeout}.
   */
  static LazyConnection borrowing(RedisClient client, Duration timeout) {
    Objects.requireNonNull(client, "client");
    return new LazyConnection(client, null, timeout, "the application's RedisClient", List.of());
  }

  /**
   * The connection's commands, connecting first if need be. Calls that find an attempt to connect
   * under way wait for it and share its outcome, so that while Redis hangs each waits one attempt,
   * not one attempt per call before it.
   *
   * @throws io.lettuce.core.RedisException when it cannot connect
   * @throws IllegalStateException when closed
   */
  RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> open = connection;
    if (open == null) {
      open = connect();
    }
    checkOpen();
    return open.sync();
  }

  private StatefulRedisConnection<String, String> connect() {
    CompletableFuture<StatefulRedisConnection<String, String>> attempt;
    boolean mine;
    synchronized (lock) {
      checkOpen();
      if (connection != null) {
        return connection;
      }
      attempt = connecting;
      mine = attempt == null;
      if (mine) {
        attempt = new CompletableFuture<>();
        connecting = attempt;
      }
    }
    if (mine) {
      return connectNow(attempt);
    }
    try {
      return attempt.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RedisException redis) {
        // A fresh exception for this caller's thread, of the kind the store reports.
        throw new RedisConnectionException(String.valueOf(redis.getMessage()), redis);
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** Connects on the calling thread, then hands the outcome to the calls that waited for it. */
  private StatefulRedisConnection<String, String> connectNow(
      CompletableFuture<StatefulRedisConnection<String, String>> attempt) {
    StatefulRedisConnection<String, String> open;
    try {
      open = client.connect(StringCodec.UTF8);
      open.setTimeout(timeout);
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        connecting = null;
      }
      attempt.completeExceptionally(e);
      throw e;
    }
    boolean closedMeanwhile;
    synchronized (lock) {
      connecting = null;
      closedMeanwhile = closed;
      if (!closedMeanwhile) {
        connection = open;
      }
    }
    if (closedMeanwhile) {
      open.close();
      IllegalStateException refused = closedException();
      attempt.completeExceptionally(refused);
      throw refused;
    }
    attempt.complete(open);
    return open;
  }

  /** Where the connection goes, for messages: {@code 127.0.0.1:6379}, never a password. */
  String server() {
    return server;
  }

  /** The client's events (connected, disconnected...), for tests that wait for a reconnection. */
  EventBus events() {
    return client.getResources().eventBus();
  }

  /** The longest a command waits. */
  Duration timeout() {
    return timeout;
  }

  /** {@code text} with the user information of an owned URI masked, should a message quote it. */
  String scrub(String text) {
    return scrub(text, secrets);
  }

  private static String scrub(String text, List<String> secrets) {
    if (text == null) {
      return "";
    }
    for (String secret : secrets) {
      text = text.replace(secret, "****");
    }
    return text;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (connection != null) {
        connection.close();
      }
      if (ownedResources != null) {
        client.shutdown(Duration.ZERO, timeout);
        ownedResources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private static IllegalStateException closedException() {
    return new IllegalStateException("the Redis conversation store is closed");
  }

  /**
   * The user information of {@code uri} (user and password, and the password alone), as written and
   * decoded, longest first. Read by hand: {@link URI} refuses some URIs that Lettuce takes.
   */
  private static List<String> secretsOf(String uri) {
    int start = uri.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int end = uri.indexOf('/', start);
    int at = uri.lastIndexOf('@', end < 0 ? uri.length() : end);
    if (at <= start) {
      return List.of();
    }
    List<String> secrets = new ArrayList<>();
    String info = uri.substring(start, at);
    secrets.add(info);
    int colon = info.indexOf(':');
    if (colon >= 0 && colon + 1 < info.length()) {
      secrets.add(info.substring(colon + 1));
    }
    for (String written : List.copyOf(secrets)) {
      try {
        secrets.add(URLDecoder.decode(written, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: the text as written is masked all the same
      }
    }
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(secrets);
  }

  private static String describe(RedisURI uri) {
    if (uri.getSocket() != null) {
      return uri.getSocket();
    }
    if (uri.getHost() != null) {
      return uri.getHost() + ":" + uri.getPort();
    }
    return "Redis Sentinel " + uri.getSentinelMasterId();
  }
}
