package dev.majordomo.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The two connections of a {@link RedisSharedHealth} (one for commands, one subscribed to the
 * health channel), the thread that opens them, and whether Redis is reachable.
 *
 * <p>The first connection is opened on that thread, never the caller's, and retried with a growing
 * delay (up to {@link #MAX_CONNECT_DELAY}) while Redis is away; after that, Lettuce reconnects on
 * its own and subscribes again. Reachability is logged once per change: a {@code WARNING} when
 * Redis goes (a lost connection, a failed or slow command), an {@code INFO} when it is back.
 */
final class HealthLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisSharedHealth.class.getName());
  private static final Duration FIRST_CONNECT_DELAY = Duration.ofMillis(100);
  static final Duration MAX_CONNECT_DELAY = Duration.ofSeconds(5);
  private static final Duration PROBE_DELAY = Duration.ofMillis(20);
  private static final Duration MAX_PROBE_DELAY = Duration.ofSeconds(1);
  private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");

  private final RedisClient client;
  private final ClientResources ownedResources; // null when the client is the application's
  private final String endpoint;
  private final Duration commandTimeout;
  private final String channel;
  private final Consumer<String> onMessage;
  private final Runnable onSubscribed;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final RedisConnectionStateListener states = new States();

  private volatile StatefulRedisConnection<String, String> commands;
  private volatile StatefulRedisPubSubConnection<String, String> subscription;
  private volatile boolean closed;
  private Duration connectDelay = FIRST_CONNECT_DELAY; // on the executor's thread only

  /** Reachability; changes are logged. Guarded by {@code this}. */
  private Reach reach = Reach.CONNECTING;

  private CompletableFuture<Void> nextUp = new CompletableFuture<>(); // guarded by this
  private CompletableFuture<Void> nextDown = new CompletableFuture<>(); // guarded by this

  private enum Reach {
    CONNECTING,
    UP,
    DOWN
  }

  /**
   * @param client the client to connect with; closed by {@link #close} only if {@code
   *     ownedResources} is not null
   * @param ownedResources the resources of a client this link owns, else null
   * @param endpoint where Redis is, for logs: never holds a password
   * @param onMessage gets every message on {@code channel}, on Lettuce's threads
   * @param onSubscribed runs on the link's thread whenever the subscription is (re)established
   */
  HealthLink(
      RedisClient client,
      ClientResources ownedResources,
      String endpoint,
      Duration commandTimeout,
      String channel,
      Consumer<String> onMessage,
      Runnable onSubscribed) {
    this.client = client;
    this.ownedResources = ownedResources;
    this.endpoint = endpoint;
    this.commandTimeout = commandTimeout;
    this.channel = channel;
    this.onMessage = onMessage;
    this.onSubscribed = onSubscribed;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "majordomo-redis-health");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Opens the connections on the link's thread; returns at once. */
  void start() {
    execute(this::connect);
  }

  /** The thread for the link's own work (flushes, loads); tasks there must not block long. */
  ScheduledExecutorService executor() {
    return executor;
  }

  /** Runs {@code task} on the link's thread, unless the link is closed. */
  boolean execute(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false; // closed
    }
  }

  /** The command API while the command connection is up, else null: nothing is queued for later. */
  RedisAsyncCommands<String, String> commands() {
    StatefulRedisConnection<String, String> c = commands;
    return c != null && c.isOpen() && !closed ? c.async() : null;
  }

  /** Whether both connections are up. */
  boolean isConnected() {
    StatefulRedisConnection<String, String> c = commands;
    StatefulRedisPubSubConnection<String, String> s = subscription;
    return !closed && c != null && c.isOpen() && s != null && s.isOpen();
  }

  /** A command answered: Redis is reachable, if the subscription is up as well. */
  void answered() {
    if (isConnected()) {
      up();
    }
  }

  /** Completes when Redis is next reachable (at once if it is now), for tests. */
  synchronized CompletableFuture<Void> whenUp() {
    return nextUp;
  }

  /** Completes when Redis next goes (at once if it is away now), for tests. */
  synchronized CompletableFuture<Void> whenDown() {
    return nextDown;
  }

  /** A command failed or timed out: Redis is away or too slow. */
  void failed(String what, Throwable error) {
    failed(what, describe(error));
  }

  void failed(String what, String why) {
    down(what + ": " + why);
  }

  private void connect() {
    if (closed) {
      return;
    }
    StatefulRedisConnection<String, String> c = null;
    StatefulRedisPubSubConnection<String, String> s = null;
    try {
      c = client.connect(StringCodec.UTF8);
      c.setTimeout(commandTimeout);
      s = client.connectPubSub(StringCodec.UTF8);
      s.setTimeout(commandTimeout);
      s.addListener(new Messages());
      s.async().subscribe(channel).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
      c.addListener(states);
      s.addListener(states);
      synchronized (this) {
        if (closed) {
          closeQuietly(c, s);
          return;
        }
        commands = c;
        subscription = s;
      }
      connectDelay = FIRST_CONNECT_DELAY;
      up();
      onSubscribed.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(c, s);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      closeQuietly(c, s);
      if (closed) {
        return;
      }
      down("cannot connect: " + describe(e instanceof ExecutionException ? e.getCause() : e));
      try {
        executor.schedule(this::connect, connectDelay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        return;
      }
      Duration next = connectDelay.multipliedBy(2);
      connectDelay = next.compareTo(MAX_CONNECT_DELAY) > 0 ? MAX_CONNECT_DELAY : next;
    }
  }

  private void down(String reason) {
    CompletableFuture<Void> wentDown;
    synchronized (this) {
      if (closed || reach == Reach.DOWN) {
        return;
      }
      reach = Reach.DOWN;
      wentDown = nextDown;
      nextUp = new CompletableFuture<>();
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "Redis at {0} is unreachable ({1}): provider health is not shared until it is back;"
            + " this instance goes on with what it learns itself",
        endpoint,
        reason);
    wentDown.complete(null); // after the log, which tests read once it completes
  }

  private void up() {
    Reach was;
    CompletableFuture<Void> cameUp;
    synchronized (this) {
      was = reach;
      if (closed || was == Reach.UP) {
        return;
      }
      reach = Reach.UP;
      cameUp = nextUp;
      nextDown = new CompletableFuture<>();
    }
    if (was == Reach.DOWN) {
      LOG.log(
          System.Logger.Level.INFO,
          "Redis at {0} is reachable again: provider health is shared again",
          endpoint);
    }
    cameUp.complete(null);
  }

  /** An exception's type and message, with any credentials in a URL taken out. */
  static String describe(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    if (error == null) {
      return "unknown error";
    }
    if (error instanceof TimeoutException && error.getMessage() == null) {
      return "timed out";
    }
    String message = error.getMessage();
    String type = error.getClass().getSimpleName();
    return message == null ? type : type + ": " + withoutCredentials(message);
  }

  /** {@code text} with the user and password of any URL in it replaced by {@code ***}. */
  static String withoutCredentials(String text) {
    return USER_INFO.matcher(text).replaceAll("//***@");
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    executor.shutdownNow();
    if (ownedResources == null) {
      closeQuietly(commands, subscription);
    } else {
      // Shutting the client down closes its connections; closing them first makes Lettuce warn.
      removeListeners(commands, subscription);
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      ownedResources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private void closeQuietly(
      StatefulRedisConnection<String, String> c, StatefulRedisPubSubConnection<String, String> s) {
    removeListeners(c, s);
    if (c != null) {
      c.closeAsync();
    }
    if (s != null) {
      s.closeAsync();
    }
  }

  private void removeListeners(
      StatefulRedisConnection<String, String> c, StatefulRedisPubSubConnection<String, String> s) {
    if (c != null) {
      c.removeListener(states);
    }
    if (s != null) {
      s.removeListener(states);
    }
  }

  /**
   * After a reconnection: PING on both connections until both answer (the subscription's PING
   * follows Lettuce's new SUBSCRIBE on that connection), then Redis is back, and what was announced
   * meanwhile is loaded from the live set. Stops when a connection is down again: its next
   * reconnection starts another probe.
   */
  private void probe(Duration delay) {
    StatefulRedisConnection<String, String> c = commands;
    StatefulRedisPubSubConnection<String, String> s = subscription;
    if (closed || c == null || s == null || !c.isOpen() || !s.isOpen()) {
      probing.set(false);
      return;
    }
    CompletableFuture<String> both;
    try {
      both =
          c.async()
              .ping()
              .toCompletableFuture()
              .thenCombine(s.async().ping(), (a, b) -> b)
              .orTimeout(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      both = CompletableFuture.failedFuture(e);
    }
    both.whenComplete(
        (pong, error) -> {
          if (error == null) {
            probing.set(false);
            up();
            execute(onSubscribed);
            return;
          }
          Duration next = delay.multipliedBy(2);
          Duration capped = next.compareTo(MAX_PROBE_DELAY) > 0 ? MAX_PROBE_DELAY : next;
          try {
            executor.schedule(() -> probe(capped), delay.toMillis(), TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException closing) {
            probing.set(false);
          }
        });
  }

  /** Reachability from Lettuce's connection events. */
  private final class States implements RedisConnectionStateListener {
    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
      // The event may come before Lettuce has subscribed again and accepts commands: a probe
      // tells when both connections answer.
      if (probing.compareAndSet(false, true) && !execute(() -> probe(PROBE_DELAY))) {
        probing.set(false);
      }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      down("connection lost");
    }
  }

  /** The health channel's messages. */
  private final class Messages extends RedisPubSubAdapter<String, String> {
    @Override
    public void message(String from, String message) {
      if (channel.equals(from)) {
        onMessage.accept(message);
      }
    }
  }
}
