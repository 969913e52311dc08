package dev.majordomo.redis;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthUpdates;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import dev.majordomo.time.TimeSource;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Provider health shared by every instance of a service through Redis: a target that fails on one
 * instance is benched on all of them, failures are counted across instances, a {@code Retry-After}
 * is honoured by all, and a success on one releases the target everywhere.
 *
 * <pre>{@code
 * Registry registry = Registry.builder()
 *     .sharedHealth(RedisSharedHealth.builder("redis://redis.internal:6379").build())
 *     .build();
 * }</pre>
 *
 * <p>Each failed attempt is one Lua script in Redis (count, bench decision and announcement in one
 * round trip); a success costs nothing unless the target had failures on record, and those
 * recoveries are coalesced into one round trip per flush. Benches reach the other instances through
 * pub/sub at once (well under 100 ms on a local network), and live in keys that expire by
 * themselves, which an instance reads when it starts or reconnects. Keys are described in {@code
 * docs/scaling-out.md}; none holds a token. A target longer than {@value #MAX_TARGET_CHARS}
 * characters (scheme, host and model id: one built from input) is not shared.
 *
 * <p>Redis never fails, blocks or slows a call: every method returns at once, all I/O runs on
 * Lettuce's threads and this object's own thread with a bounded timeout ({@link Builder#timeout},
 * 250 ms by default), at most {@value #MAX_IN_FLIGHT} commands are in flight and anything beyond,
 * or sent while Redis is away, is dropped and counted ({@link #droppedUpdates}). The registry's own
 * tracker goes on counting meanwhile. A {@code WARNING} is logged when Redis goes and an {@code
 * INFO} when it is back; Lettuce reconnects and subscribes again by itself. A command Redis refuses
 * while it serves others (out of memory, a read-only replica, a key of the wrong type under the
 * prefix) is no outage: that update is dropped (counted) and the first refusal logged at {@code
 * WARNING}.
 *
 * <p>Instants in values come from {@link Builder#time} (the registry's clock); expiries use Redis's
 * clock. Instances and Redis are assumed to agree on the time within a small bound (NTP): a skew of
 * {@code s} makes a remote bench look {@code s} longer or shorter than it is.
 */
public final class RedisSharedHealth implements SharedHealth {
  /** Commands in flight at most; more are dropped, so nothing queues while Redis is slow. */
  public static final int MAX_IN_FLIGHT = 256;

  /**
   * The longest target shared, in characters of its scheme, host and model id together; longer ones
   * are dropped (counted). Model ids are a few dozen characters; a target built from input could be
   * any length, and each of its failures would write keys of three times that size (the encoding)
   * and send them to every instance.
   */
  static final int MAX_TARGET_CHARS = 1024;

  /** Recoveries waiting for the next flush at most; more are dropped. */
  static final int MAX_PENDING_RECOVERIES = 1024;

  /** Recoveries per round trip. */
  static final int RECOVERIES_PER_FLUSH = 256;

  /** Benches and rate limits an instance loads at most when it starts or reconnects. */
  static final int MAX_LOADED = 4096;

  /** The longest expiry or cooldown written, about 35 000 years: Lua counts exactly below 2^53. */
  private static final long MAX_MILLIS = 1L << 50;

  private static final System.Logger LOG = System.getLogger(RedisSharedHealth.class.getName());

  private final HealthKeys keys;
  private final String instance; // encoded
  private final long windowMillis;
  private final Duration commandTimeout;
  private final TimeSource time;
  private final RedisClient applicationClient; // null when built from a URL
  private final RedisURI uri; // null when built from a client
  private final String endpoint;
  private volatile HealthLink link; // from start()
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final LongAdder dropped = new LongAdder();
  private final Set<Target> pendingRecoveries = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicBoolean unreadableLogged = new AtomicBoolean();
  private final AtomicBoolean refusalLogged = new AtomicBoolean();
  private final String description;
  private volatile HealthUpdates updates;
  private volatile boolean closed;

  /**
   * Taken to apply a message and to apply what a load returned, so that neither interleaves with
   * the other; guards the two fields below.
   */
  private final Object news = new Object();

  private int loadsInFlight; // guarded by news

  /** Targets a message recovered while a load was in flight, at most MAX_LOADED; see loaded. */
  private final Set<Target> recoveredWhileLoading = new HashSet<>(); // guarded by news

  private RedisSharedHealth(Builder b) {
    this.keys = new HealthKeys(b.keyPrefix);
    this.instance =
        HealthKeys.encodeText(b.instanceId != null ? b.instanceId : UUID.randomUUID().toString());
    this.windowMillis = millis(b.failureWindow);
    this.commandTimeout = b.timeout;
    this.time = b.time;
    this.applicationClient = b.client;
    this.uri = b.client == null ? parse(b.url) : null;
    this.endpoint = uri == null ? "(the application's RedisClient)" : describe(uri);
    this.description =
        "RedisSharedHealth{"
            + endpoint
            + ", prefix="
            + b.keyPrefix
            + ", instance="
            + instance
            + "}";
  }

  /** The link over the application's client, or over a client of its own built for the URL. */
  private HealthLink newLink() {
    RedisClient client = applicationClient;
    ClientResources owned = null;
    if (client == null) {
      owned =
          ClientResources.builder()
              // Back within a second of Redis's return, without hammering a Redis that is away.
              .reconnectDelay(
                  Delay.exponential(
                      Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
              .build();
      // The URI's timeout bounds the handshake (HELLO, AUTH, SELECT) of each connection: Lettuce's
      // default of 60 s would hold the first connection, and the WARNING, for a minute while a
      // Redis that accepts connections (the kernel does) answers nothing.
      uri.setTimeout(max(commandTimeout, 1_000));
      client = RedisClient.create(owned, uri);
      client.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .requestQueueSize(MAX_IN_FLIGHT * 2)
              .socketOptions(
                  SocketOptions.builder().connectTimeout(max(commandTimeout, 1_000)).build())
              .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
              .build());
    }
    return new HealthLink(
        client, owned, endpoint, commandTimeout, keys.channel(), this::received, this::load);
  }

  /**
   * A builder of a shared health with a client of its own for {@code uri} ({@code
   * redis://[[user]:password@]host[:port][/database]}, {@code rediss://...} for TLS, {@code
   * redis-sentinel://...}), which {@link #close} shuts down. The password never appears in logs or
   * {@code toString}.
   *
   * @param uri the Redis URI
   * @return the builder
   */
  public static Builder builder(String uri) {
    Objects.requireNonNull(uri, "uri");
    return new Builder(uri, null);
  }

  /**
   * A builder of a shared health that opens its two connections (commands, subscription) through
   * the application's {@code client}, which must have been created with a {@link RedisURI} ({@code
   * RedisClient.create(uri)}); {@link #close} closes those connections, not the client. The
   * client's options apply: for the guarantees above, enable command timeouts ({@code
   * TimeoutOptions}) and keep its reconnect delay short.
   *
   * @param client the application's client
   * @return the builder
   */
  public static Builder builder(RedisClient client) {
    Objects.requireNonNull(client, "client");
    return new Builder(null, client);
  }

  /**
   * Subscribes to the other instances' news and loads the benches and rate limits in force, on this
   * object's thread: returns at once, even when Redis is away.
   *
   * @throws IllegalStateException if already started, or closed
   */
  @Override
  public void start(HealthUpdates updates) {
    Objects.requireNonNull(updates, "updates");
    HealthLink started;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException(this + " is closed");
      }
      if (link != null) {
        throw new IllegalStateException(this + " was started already: one registry per instance");
      }
      started = newLink();
      link = started;
      this.updates = updates;
    }
    started.start();
  }

  @Override
  public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {
    if (closed || updates == null) {
      return;
    }
    if (tooLong(target)) {
      dropped.increment();
      return;
    }
    long atMillis;
    try {
      atMillis = at.toEpochMilli();
    } catch (ArithmeticException e) {
      dropped.increment();
      return;
    }
    // The script's text is built only when it is sent: while Redis is away, a failure costs a
    // volatile read and a counter.
    send(
        "counting a failure",
        redis -> {
          String encoded = HealthKeys.encode(target);
          String[] scriptKeys = {
            keys.failures(encoded), keys.bench(encoded), keys.round(encoded), keys.live()
          };
          String[] args = {
            Integer.toString(policy.threshold()),
            Long.toString(millis(policy.baseCooldown())),
            Long.toString(millis(policy.maxCooldown())),
            Long.toString(windowMillis),
            Long.toString(atMillis),
            Integer.toString(roundBenchedBy(policy, here, at)),
            keys.channel(),
            encoded,
            instance
          };
          return redis.<List<Object>>eval(
              HealthScripts.FAILED, ScriptOutputType.MULTI, scriptKeys, args);
        },
        reply -> benched(target, reply),
        null);
  }

  private static boolean tooLong(Target target) {
    return target.scheme().length() + length(target.host()) + length(target.modelId())
        > MAX_TARGET_CHARS;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /**
   * The round of the bench that the failure at {@code at} started in this instance's tracker, or 0:
   * a bench that started then ends exactly one cooldown later. A failure reported late, during an
   * older bench, is not a new bench.
   */
  private static int roundBenchedBy(HealthPolicy policy, TargetHealth here, Instant at) {
    if (here == null || here.round() < 1 || here.benchedUntil() == null) {
      return 0;
    }
    Instant start;
    try {
      start = here.benchedUntil().minus(policy.cooldown(here.round()));
    } catch (DateTimeException | ArithmeticException e) {
      return 0;
    }
    return start.equals(at) ? here.round() : 0;
  }

  /**
   * Applies the bench on record that a failure script returned, which this instance had not heard
   * of (its tracker reports no failure during a bench it knows). A bench the script decided is
   * learnt from its echo on the channel instead, not from this reply: the reply comes on another
   * connection, so it could be applied after a recovery that Redis published after it.
   */
  private void benched(Target target, List<Object> reply) {
    if (reply.size() == 2
        && reply.get(0) instanceof Long count
        && count == -1
        && reply.get(1) instanceof String value
        && !value.isEmpty()) {
      HealthMessages.Bench bench = HealthMessages.Bench.parse(value);
      updates.benched(target, bench.round(), bench.until());
    }
  }

  @Override
  public void rateLimited(Target target, Instant until) {
    if (closed || updates == null) {
      return;
    }
    if (tooLong(target)) {
      dropped.increment();
      return;
    }
    long untilMillis;
    long fromNow;
    try {
      untilMillis = until.toEpochMilli();
      fromNow = Math.min(untilMillis - time.now().toEpochMilli(), MAX_MILLIS);
    } catch (ArithmeticException e) {
      dropped.increment();
      return;
    }
    if (fromNow <= 0) {
      return; // over already
    }
    send(
        "sharing a Retry-After",
        redis -> {
          String encoded = HealthKeys.encode(target);
          String[] scriptKeys = {keys.rate(encoded), keys.live()};
          String[] args = {
            Long.toString(untilMillis), Long.toString(fromNow), keys.channel(), encoded, instance
          };
          return redis.<Long>eval(
              HealthScripts.RATE_LIMITED, ScriptOutputType.INTEGER, scriptKeys, args);
        },
        null,
        null);
  }

  /** Coalesced: the target joins a set that one task on this object's thread flushes. */
  @Override
  public void recovered(Target target) {
    if (closed || updates == null) {
      return;
    }
    if (tooLong(target) || pendingRecoveries.size() >= MAX_PENDING_RECOVERIES) {
      dropped.increment();
      return;
    }
    pendingRecoveries.add(target);
    if (flushing.compareAndSet(false, true) && !link.execute(this::flushRecoveries)) {
      flushing.set(false);
    }
  }

  /** One round trip for the pending recoveries; runs again while more arrived meanwhile. */
  private void flushRecoveries() {
    List<Target> batch = new ArrayList<>();
    for (Iterator<Target> i = pendingRecoveries.iterator();
        i.hasNext() && batch.size() < RECOVERIES_PER_FLUSH; ) {
      batch.add(i.next());
      i.remove();
    }
    if (batch.isEmpty()) {
      flushing.set(false);
      // A recovery added between the drain and the reset must not wait for the next one.
      if (!pendingRecoveries.isEmpty() && flushing.compareAndSet(false, true)) {
        link.execute(this::flushRecoveries);
      }
      return;
    }
    String[] scriptKeys = new String[batch.size() * 4];
    String[] args = new String[batch.size() + 2];
    args[0] = keys.channel();
    args[1] = instance;
    for (int i = 0; i < batch.size(); i++) {
      String encoded = HealthKeys.encode(batch.get(i));
      scriptKeys[4 * i] = keys.failures(encoded);
      scriptKeys[4 * i + 1] = keys.bench(encoded);
      scriptKeys[4 * i + 2] = keys.round(encoded);
      scriptKeys[4 * i + 3] = keys.rate(encoded);
      args[i + 2] = encoded;
    }
    int size = batch.size();
    boolean sent =
        send(
            "sharing recoveries",
            redis ->
                redis.<Long>eval(
                    HealthScripts.RECOVERED, ScriptOutputType.INTEGER, scriptKeys, args),
            null,
            () -> {
              if (!link.execute(this::flushRecoveries)) {
                flushing.set(false);
              }
            });
    if (!sent) {
      dropped.add(size - 1L); // send counted one
      if (!link.execute(this::flushRecoveries)) {
        flushing.set(false);
      }
    }
  }

  /**
   * Loads the benches and rate limits in force: at start, and whenever the subscription is back.
   */
  private void load() {
    synchronized (news) {
      loadsInFlight++;
    }
    boolean sent =
        send(
            "loading benches",
            redis ->
                redis.<List<Object>>eval(
                    HealthScripts.LOAD,
                    ScriptOutputType.MULTI,
                    new String[] {keys.live()},
                    keys.targetPrefix(),
                    Integer.toString(MAX_LOADED)),
            this::loaded,
            this::loadOver);
    if (!sent) {
      loadOver();
    }
  }

  private void loadOver() {
    synchronized (news) {
      if (--loadsInFlight == 0) {
        recoveredWhileLoading.clear();
      }
    }
  }

  /**
   * Applies the benches and rate limits a load returned. The reply comes on the command connection,
   * messages on the subscription: a recovery that Redis published after the load ran may be
   * delivered before this reply. So a target recovered by a message since the load was sent is left
   * out (a bench decided after that recovery has a message of its own), and the lock keeps a
   * recovery delivered meanwhile from landing between the check and the bench.
   */
  private void loaded(List<Object> reply) {
    synchronized (news) {
      for (int i = 0; i + 2 < reply.size(); i += 3) {
        loadedEntry(reply.get(i), reply.get(i + 1), reply.get(i + 2));
      }
    }
  }

  /** One live entry of a load (with news held). */
  private void loadedEntry(Object encoded, Object benchValue, Object rateValue) {
    try {
      Target target = HealthKeys.decode((String) encoded);
      if (recoveredWhileLoading.contains(target)) {
        return;
      }
      if (benchValue instanceof String bench && !bench.isEmpty()) {
        HealthMessages.Bench b = HealthMessages.Bench.parse(bench);
        updates.benched(target, b.round(), b.until());
      }
      if (rateValue instanceof String rate && !rate.isEmpty()) {
        updates.rateLimited(target, HealthMessages.instant(rate));
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      unreadable("a live entry", e);
    }
  }

  /** A message on the health channel, on Lettuce's thread. */
  private void received(String message) {
    HealthUpdates u = updates;
    if (u == null || closed) {
      return;
    }
    boolean understood;
    try {
      synchronized (news) {
        understood =
            HealthMessages.apply(
                message, instance, loadsInFlight == 0 ? u : new NotingRecoveries(u));
      }
    } catch (RuntimeException e) {
      // HealthUpdates never throws by contract; Lettuce's thread is kept safe all the same.
      unreadable("a message", e);
      return;
    }
    if (!understood) {
      unreadable("a message", null);
    }
  }

  /** Passes updates on, and notes recoveries for the load in flight (guarded by news). */
  private final class NotingRecoveries implements HealthUpdates {
    private final HealthUpdates delegate;

    NotingRecoveries(HealthUpdates delegate) {
      this.delegate = delegate;
    }

    @Override
    public void benched(Target target, int round, Instant until) {
      delegate.benched(target, round, until);
    }

    @Override
    public void rateLimited(Target target, Instant until) {
      delegate.rateLimited(target, until);
    }

    @Override
    public void recovered(Target target) {
      if (recoveredWhileLoading.size() < MAX_LOADED) {
        recoveredWhileLoading.add(target);
      }
      delegate.recovered(target);
    }
  }

  /**
   * The error with which Redis refused a command while serving others (a key of the wrong type, no
   * memory left, a read-only replica), or null for any other error: Redis answered, so it is
   * reachable, and taking it for an outage would log a {@code WARNING} and an {@code INFO} per
   * command whenever refusals and answers alternate. Busy and loading are outages: it serves none.
   */
  private static RedisCommandExecutionException refusal(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof RedisCommandExecutionException refused
            && !(e instanceof RedisBusyException)
            && !(e instanceof RedisLoadingException)
        ? refused
        : null;
  }

  /**
   * Counts the update as dropped; the first refusal is logged at {@code WARNING}, later at DEBUG.
   */
  private void refused(String what, RedisCommandExecutionException error) {
    dropped.increment();
    link.answered();
    System.Logger.Level level =
        refusalLogged.compareAndSet(false, true)
            ? System.Logger.Level.WARNING
            : System.Logger.Level.DEBUG;
    LOG.log(
        level,
        "Redis at {0} refused {1} ({2}): that update is not shared; later refusals are logged at"
            + " DEBUG",
        endpoint,
        what,
        HealthLink.describe(error));
  }

  private void unreadable(String what, Exception e) {
    if (unreadableLogged.compareAndSet(false, true)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "RedisSharedHealth ignores {0} it cannot read under {1} (another version of Majordomo, or"
              + " another program using the prefix?){2}",
          what,
          keys.channel(),
          e == null ? "" : ": " + e.getMessage());
    }
  }

  /**
   * Sends one command if Redis is connected and a slot is free, else drops it (counted). {@code
   * onReply} runs on Lettuce's thread when Redis answers in time; {@code after} runs once the
   * command is over, answered or not.
   *
   * @return whether the command was sent
   */
  private <T> boolean send(
      String what,
      Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command,
      Consumer<T> onReply,
      Runnable after) {
    RedisAsyncCommands<String, String> redis = link.commands();
    if (redis == null || closed || !inFlight.tryAcquire()) {
      dropped.increment();
      return false;
    }
    RedisFuture<T> future;
    try {
      future = command.apply(redis);
    } catch (RuntimeException e) {
      inFlight.release();
      dropped.increment();
      link.failed(what, e);
      return false;
    }
    // The slot is freed when Lettuce is done with the command, not at our timeout: the bound holds
    // even with an application's client whose commands never time out.
    CompletableFuture<T> done = future.toCompletableFuture();
    done.whenComplete((reply, error) -> inFlight.release());
    done.copy()
        .orTimeout(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (reply, error) -> {
              try {
                RedisCommandExecutionException refusal = refusal(error);
                if (error instanceof TimeoutException) {
                  link.failed(what, "no answer within " + commandTimeout.toMillis() + " ms");
                } else if (refusal != null) {
                  refused(what, refusal);
                } else if (error != null) {
                  link.failed(what, error);
                } else {
                  link.answered();
                  if (onReply != null && !closed) {
                    onReply.accept(reply);
                  }
                }
              } catch (RuntimeException e) {
                unreadable("a reply", e);
              } finally {
                if (after != null) {
                  after.run();
                }
              }
            });
    return true;
  }

  /**
   * {@return updates not shared because Redis was away or slow, or too many were in flight} The
   * registry's own tracker had them all the same.
   */
  public long droppedUpdates() {
    return dropped.sum();
  }

  /** Whether the connections to Redis are up now (for health checks and tests). */
  public boolean isConnected() {
    HealthLink l = link;
    return l != null && l.isConnected();
  }

  /** Completes when Redis is next reachable, subscribed to (at once if it is now); for tests. */
  CompletableFuture<Void> whenUp() {
    HealthLink l = link;
    return l == null ? new CompletableFuture<>() : l.whenUp();
  }

  /** Completes when Redis next goes away (at once if it is away now); for tests. */
  CompletableFuture<Void> whenDown() {
    HealthLink l = link;
    return l == null ? new CompletableFuture<>() : l.whenDown();
  }

  /**
   * Stops sharing: closes the connections and, when it was built from a URI, its client. Recoveries
   * not flushed yet are dropped. Idempotent.
   */
  @Override
  public void close() {
    HealthLink l;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      l = link;
    }
    if (l != null) {
      l.close();
    }
  }

  /** Where Redis is (never a password), the prefix and this instance's id. */
  @Override
  public String toString() {
    return description;
  }

  /** Whole milliseconds for Redis, from 1 ({@code PX 0} is an error) to {@link #MAX_MILLIS}. */
  private static long millis(Duration d) {
    try {
      return Math.max(1, Math.min(d.toMillis(), MAX_MILLIS));
    } catch (ArithmeticException e) {
      return MAX_MILLIS;
    }
  }

  private static Duration max(Duration d, long millis) {
    return d.toMillis() >= millis ? d : Duration.ofMillis(millis);
  }

  private static RedisURI parse(String url) {
    try {
      return RedisURI.create(url);
    } catch (RuntimeException e) {
      // Lettuce's message may quote the URL, password included.
      throw new IllegalArgumentException(
          "not a Redis URL (redis://host:port, rediss://..., redis-sentinel://...): "
              + HealthLink.withoutCredentials(url));
    }
  }

  /** {@code redis://host:port/db}, without credentials. */
  private static String describe(RedisURI uri) {
    StringBuilder s = new StringBuilder(uri.isSsl() ? "rediss://" : "redis://");
    if (uri.getHost() != null) {
      s.append(uri.getHost()).append(':').append(uri.getPort());
    } else if (uri.getSentinelMasterId() != null) {
      s.append("sentinel master ").append(uri.getSentinelMasterId());
    } else if (uri.getSocket() != null) {
      s.append(uri.getSocket());
    }
    if (uri.getDatabase() != 0) {
      s.append('/').append(uri.getDatabase());
    }
    return s.toString();
  }

  /** Configures a {@link RedisSharedHealth}. */
  public static final class Builder {
    private final RedisClient client;
    private final String url;
    private String keyPrefix = "majordomo:";
    private Duration failureWindow = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofMillis(250);
    private String instanceId;
    private TimeSource time = TimeSource.SYSTEM;

    private Builder(String url, RedisClient client) {
      this.url = url;
      this.client = client;
    }

    /**
     * What every key and the channel start with, {@code "majordomo:"} by default (the same default
     * as the conversation store's, whose keys do not collide with these).
     *
     * @param value the prefix, possibly empty
     * @return this builder
     */
    public Builder keyPrefix(String value) {
      this.keyPrefix = Objects.requireNonNull(value, "keyPrefix");
      return this;
    }

    /**
     * How long failures counted across instances are remembered without a new one, 60 s by default:
     * the shared count is of failures no further apart than this since the last success.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder failureWindow(Duration value) {
      this.failureWindow = positive(value, "failureWindow");
      return this;
    }

    /**
     * How long a command may take before Redis counts as slow and the update as lost, 250 ms by
     * default (from 1 ms to 10 s). No call ever waits for it: it bounds how long a command holds
     * one of the {@value #MAX_IN_FLIGHT} slots and when the {@code WARNING} comes. Redis answers a
     * script like these in well under a millisecond on a local network, so 250 ms means it is in
     * trouble, and a bench announced later than that is late anyway.
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder timeout(Duration value) {
      positive(value, "timeout");
      if (value.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("timeout must be at most 10 s, was " + value);
      }
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException("timeout must be at least 1 ms, was " + value);
      }
      this.timeout = value;
      return this;
    }

    /**
     * This instance's name in the messages it sends (a random UUID by default): it tells its own
     * rate limits and recoveries by it, which it does not apply twice, so it must differ between
     * instances.
     *
     * @param value a name, not empty
     * @return this builder
     */
    public Builder instanceId(String value) {
      Objects.requireNonNull(value, "instanceId");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("instanceId must not be empty");
      }
      this.instanceId = value;
      return this;
    }

    /**
     * The clock of the registry this shares for ({@link TimeSource#SYSTEM} by default): it dates
     * the end of a {@code Retry-After}.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder time(TimeSource value) {
      this.time = Objects.requireNonNull(value, "time");
      return this;
    }

    /**
     * Builds it; nothing connects until {@link RedisSharedHealth#start}.
     *
     * @return the shared health
     * @throws IllegalArgumentException if the URI is not a Redis URI
     */
    public RedisSharedHealth build() {
      return new RedisSharedHealth(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
