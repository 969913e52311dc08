package dev.majordomo.redis;

import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.MessageJson;
import dev.majordomo.memory.Turn;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Conversations in Redis, shared by every instance of a service, over the Lettuce client.
 *
 * <pre>{@code
 * RedisConversationStore store =
 *     RedisConversationStore.builder("redis://redis.internal:6379")
 *         .keyPrefix("support-desk:")
 *         .timeToLive(Duration.ofDays(30))
 *         .build();
 * Registry registry = Registry.builder().conversationStore(store).build();
 * }</pre>
 *
 * <p><b>Keys.</b> A conversation is one Redis list at {@code <prefix>conversation:<id>}, where the
 * prefix is {@value #DEFAULT_KEY_PREFIX} unless {@linkplain Builder#keyPrefix chosen} and the id is
 * the runtime's ({@code com.acme.SupportDesk/alice}): {@code
 * majordomo:conversation:com.acme.SupportDesk/alice}. Each element is one whole {@link Turn},
 * oldest first, as JSON Lines: a header {@code {"v":1,"messages":2,"tokens":42}}, then each message
 * in {@link MessageJson}'s form. The tokens there are the turn's size as the model counts it; no
 * value holds an API key or a password.
 *
 * <p><b>One round trip per call.</b> {@link #append} is one {@code RPUSH} of the whole turn, atomic
 * in Redis: appends from any number of instances land whole, in the order Redis receives them, and
 * a load never sees half of one. With a {@linkplain Builder#timeToLive time to live}, the push and
 * the {@code PEXPIRE} that refreshes it run in one script. {@link #load} is one script that takes
 * the newest turns holding the newest {@code maxMessages} messages on the server, so only those
 * cross the network. {@link #delete} is one {@code DEL}. (After Redis restarts or flushes its
 * scripts, the first call of each script sends it again: two round trips, once.) Redis Cluster is
 * not supported: the store takes a standalone or Sentinel client.
 *
 * <p><b>Retention.</b> Without a time to live a conversation is kept until {@linkplain #delete
 * deleted}, as in the other stores: the memory policy bounds what a call sends, not what is stored.
 * With one, each append sets the conversation's expiry to that time from now, so a conversation
 * disappears when nobody has written to it for that long; loading does not extend it.
 *
 * <p><b>Failures.</b> Every command waits at most the {@linkplain Builder#timeout timeout} (2
 * seconds unless chosen), then fails with a {@link RedisStoreException} naming the operation and
 * the server ({@code host:port}); the store never prints the URI, so never a password. The
 * connection is opened on first use, so the application starts while Redis is down, and Lettuce
 * reconnects it after an outage; while it is down, calls through a store built from a URI fail at
 * once instead of waiting.
 *
 * <p>Thread-safe: all threads share one connection, on which Lettuce pipelines their commands.
 */
public final class RedisConversationStore implements ConversationStore, AutoCloseable {

  /** The prefix of every key unless {@linkplain Builder#keyPrefix another is chosen}. */
  public static final String DEFAULT_KEY_PREFIX = "majordomo:";

  /** How long a command waits for Redis unless {@linkplain Builder#timeout chosen}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** What follows the prefix in a conversation's key, before the conversation id. */
  static final String CONVERSATION = "conversation:";

  // The newest elements holding the newest ARGV[1] messages. Each turn holds at least one message,
  // so the last ARGV[1] elements always suffice; the header's count tells where to stop, read with
  // a pattern rather than by decoding the JSON. An element without a header counts as one message
  // and goes back to the client, which reports it.
  private static final String LOAD_SCRIPT =
      """
      local max = tonumber(ARGV[1])
      local items = redis.call('LRANGE', KEYS[1], -max, -1)
      local covered = 0
      local from = #items + 1
      while from > 1 and covered < max do
        from = from - 1
        local size = tonumber(string.match(items[from], '^{"v":%d+,"messages":(%d+),'))
        covered = covered + (size or 1)
      end
      if from == 1 then
        return items
      end
      local newest = {}
      for i = from, #items do
        newest[#newest + 1] = items[i]
      end
      return newest
      """;

  private static final String APPEND_WITH_EXPIRY_SCRIPT =
      """
      redis.call('RPUSH', KEYS[1], ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """;

  private final LazyConnection connection;
  private final String keyPrefix;
  private final Duration timeToLive;
  private final Script load;
  private final Script appendWithExpiry;

  private RedisConversationStore(Builder builder, LazyConnection connection) {
    this.connection = connection;
    this.keyPrefix = builder.keyPrefix;
    this.timeToLive = builder.timeToLive;
    this.load = new Script(LOAD_SCRIPT, ScriptOutputType.MULTI);
    this.appendWithExpiry = new Script(APPEND_WITH_EXPIRY_SCRIPT, ScriptOutputType.INTEGER);
  }

  /**
   * A builder of a store on the Redis at {@code uri}, such as {@code redis://localhost:6379} or
   * {@code rediss://:password@redis.internal:6380/2}. The store opens its own client, which {@link
   * #close()} shuts down. {@link Builder#build()} checks the URI.
   */
  public static Builder builder(String uri) {
    Objects.requireNonNull(uri, "uri");
    return new Builder(uri, null);
  }

  /**
   * A builder of a store that opens one connection through the application's {@code client},
   * keeping its options; {@link #close()} closes that connection, not the client.
   */
  public static Builder builder(RedisClient client) {
    Objects.requireNonNull(client, "client");
    return new Builder(null, client);
  }

  /** The prefix of every key this store writes. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** How long a conversation lives after its last append; empty when it lives until deleted. */
  public Optional<Duration> timeToLive() {
    return Optional.ofNullable(timeToLive);
  }

  /** The key of a conversation: {@code <prefix>conversation:<id>}. */
  public String key(String conversationId) {
    checkId(conversationId);
    return keyPrefix + CONVERSATION + conversationId;
  }

  @Override
  public List<Turn> load(String conversationId, int maxMessages) {
    String key = key(conversationId);
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
    }
    List<Object> elements;
    try {
      elements = load.run(connection.commands(), key, String.valueOf(maxMessages));
    } catch (RedisException e) {
      throw failure("load", conversationId, key, e);
    }
    List<Turn> turns = new ArrayList<>(elements.size());
    for (Object element : elements) {
      turns.add(
          StoredTurn.decode(
              String.valueOf(element),
              "conversation key "
                  + keyPrefix
                  + CONVERSATION
                  + "<id>, turn "
                  + (turns.size() + 1)
                  + " of the "
                  + elements.size()
                  + " loaded"));
    }
    return Collections.unmodifiableList(turns);
  }

  @Override
  public void append(String conversationId, Turn turn) {
    String key = key(conversationId);
    Objects.requireNonNull(turn, "turn");
    String element = StoredTurn.encode(turn);
    try {
      RedisCommands<String, String> commands = connection.commands();
      if (timeToLive == null) {
        commands.rpush(key, element);
      } else {
        appendWithExpiry.run(commands, key, element, String.valueOf(timeToLive.toMillis()));
      }
    } catch (RedisException e) {
      throw failure("append to", conversationId, key, e);
    }
  }

  @Override
  public void delete(String conversationId) {
    String key = key(conversationId);
    try {
      connection.commands().del(key);
    } catch (RedisException e) {
      throw failure("delete", conversationId, key, e);
    }
  }

  /**
   * Closes the store's connection and, for a store built from a URI, its client. Calls after this
   * throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    connection.close();
  }

  /** The connection, for tests in this package. */
  LazyConnection connection() {
    return connection;
  }

  @Override
  public String toString() {
    return "RedisConversationStore[redis="
        + connection.server()
        + ", keyPrefix="
        + keyPrefix
        + ", timeToLive="
        + (timeToLive == null ? "none" : timeToLive)
        + ", timeout="
        + connection.timeout()
        + "]";
  }

  private RedisStoreException failure(
      String operation, String conversationId, String key, RedisException e) {
    String reason;
    if (e instanceof RedisCommandTimeoutException) {
      reason = "no answer within " + describe(connection.timeout());
    } else if (e instanceof RedisConnectionException) {
      reason = "cannot connect: " + e.getMessage();
    } else {
      reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    // Lettuce's messages do not quote keys; should one, the id (maybe personal data) stays out.
    reason = connection.scrub(reason).replace(key, "<key>");
    return new RedisStoreException(
        "could not "
            + operation
            + " a conversation (a conversation id of "
            + conversationId.length()
            + " characters) in Redis at "
            + connection.server()
            + ": "
            + reason,
        conversationId,
        e);
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static void checkId(String conversationId) {
    Objects.requireNonNull(conversationId, "conversationId");
    if (conversationId.isBlank()) {
      throw new IllegalArgumentException("a conversation id must not be blank");
    }
    checkEncodable(conversationId, "a conversation id");
  }

  /** Keys are UTF-8, where a lone surrogate would become "?" and merge two ids. */
  private static void checkEncodable(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " in a Redis store cannot hold an unpaired surrogate (at index " + i + ")");
      }
    }
  }

  /** A Lua script run by its digest, sent again when Redis does not know it (after a restart). */
  private static final class Script {
    private final String source;
    private final ScriptOutputType output;
    private final String digest;

    Script(String source, ScriptOutputType output) {
      this.source = source;
      this.output = output;
      this.digest = sha1(source);
    }

    <T> T run(RedisCommands<String, String> commands, String key, String... arguments) {
      String[] keys = {key};
      try {
        return commands.evalsha(digest, output, keys, arguments);
      } catch (RedisNoScriptException e) {
        return commands.eval(source, output, keys, arguments);
      }
    }

    private static String sha1(String source) {
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash);
      } catch (NoSuchAlgorithmException e) {
        // every Java platform has SHA-1
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Configures a {@link RedisConversationStore}: the key prefix, an optional time to live, the
   * timeout.
   */
  public static final class Builder {
    private final String uri;
    private final RedisClient client;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration timeToLive;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(String uri, RedisClient client) {
      this.uri = uri;
      this.client = client;
    }

    /**
     * The prefix of every key, {@value #DEFAULT_KEY_PREFIX} by default: give each application (or
     * each environment sharing one Redis) its own, such as {@code "support-desk:"}. May be empty.
     *
     * @throws IllegalArgumentException when it holds an unpaired surrogate
     */
    public Builder keyPrefix(String value) {
      Objects.requireNonNull(value, "keyPrefix");
      checkEncodable(value, "a key prefix");
      this.keyPrefix = value;
      return this;
    }

    /**
     * Lets a conversation expire when nobody has appended to it for {@code value}: each append sets
     * its expiry to {@code value} from then (Redis's {@code PEXPIRE}). Without this, conversations
     * live until deleted.
     *
     * @throws IllegalArgumentException unless {@code value} is at least 1 millisecond
     */
    public Builder timeToLive(Duration value) {
      Objects.requireNonNull(value, "timeToLive");
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException(
            "timeToLive must be at least 1 millisecond, was " + value);
      }
      this.timeToLive = value;
      return this;
    }

    /**
     * How long a command waits for Redis before failing, {@link #DEFAULT_TIMEOUT} by default. For a
     * store built from a URI it bounds connecting too; with the application's client, connecting
     * takes as long as that client's options allow.
     *
     * @throws IllegalArgumentException unless {@code value} is at least 1 millisecond
     */
    public Builder timeout(Duration value) {
      Objects.requireNonNull(value, "timeout");
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException("timeout must be at least 1 millisecond, was " + value);
      }
      this.timeout = value;
      return this;
    }

    /**
     * The store. It connects on first use, not here.
     *
     * @throws IllegalArgumentException when the URI given to {@link #builder(String)} is not a
     *     Redis URI (the message does not quote it)
     */
    public RedisConversationStore build() {
      LazyConnection connection =
          client != null
              ? LazyConnection.borrowing(client, timeout)
              : LazyConnection.owning(uri, timeout);
      return new RedisConversationStore(this, connection);
    }
  }
}
