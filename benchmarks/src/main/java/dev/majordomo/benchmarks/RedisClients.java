package dev.majordomo.benchmarks;

import dev.majordomo.llm.Message;
import dev.majordomo.memory.MessageJson;
import dev.majordomo.memory.Turn;
import dev.majordomo.redis.RedisConversationStore;
import dev.majordomo.redis.RedisServer;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.ConnectionPoolConfig;

/**
 * The Redis client of {@code majordomo-redis}: Lettuce against Jedis, in the same run, on what the
 * conversation store sends for one call, a load (the store's load script by digest, the newest 10
 * messages of a conversation of 10) then an append ({@code RPUSH} of one two-message turn), each a
 * round trip to a throw-away {@code redis-server} on loopback. From 1 thread, and from 16 threads
 * (a conversation each): Lettuce shares one connection among them (it pipelines their commands),
 * Jedis takes a connection from a pool of 16 for each command. {@code store} is the same call
 * through {@link RedisConversationStore} (on Lettuce), encoding and decoding included. Latency per
 * call in µs, with percentiles. See docs/adr/0019-redis-client.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RedisClients {
  private static final int HISTORY = 10;

  // RedisConversationStore's load script, character for character, so that both clients send what
  // the store sends.
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

  /** The server and the three clients, shared by every thread of a trial. */
  @State(Scope.Benchmark)
  public static class Server {
    RedisServer server;
    io.lettuce.core.RedisClient lettuceClient;
    StatefulRedisConnection<String, String> lettuceConnection;
    RedisCommands<String, String> lettuce;
    redis.clients.jedis.RedisClient jedis;
    RedisConversationStore store;
    String loadDigest;
    final AtomicInteger conversations = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws Exception {
      server = RedisServer.start(Path.of("target", "redis-bench"));
      lettuceClient = io.lettuce.core.RedisClient.create(server.uri());
      lettuceConnection = lettuceClient.connect();
      lettuce = lettuceConnection.sync();
      ConnectionPoolConfig pool = new ConnectionPoolConfig();
      pool.setMaxTotal(16);
      pool.setMaxIdle(16);
      jedis =
          redis.clients.jedis.RedisClient.builder()
              .hostAndPort("127.0.0.1", server.port())
              .poolConfig(pool)
              .build();
      store = RedisConversationStore.builder(server.uri()).keyPrefix("store:").build();
      loadDigest = lettuce.scriptLoad(LOAD_SCRIPT);
    }

    @TearDown(Level.Trial)
    public void stop() {
      store.close();
      jedis.close();
      lettuceConnection.close();
      lettuceClient.shutdown();
      server.close();
    }
  }

  /** One thread's conversation, {@value #HISTORY} messages at the start of each iteration. */
  @State(Scope.Thread)
  public static class Conversation {
    String id;
    String key;
    Turn next;
    String nextElement;

    @Setup(Level.Iteration)
    public void fill(Server s) {
      if (id == null) {
        id = "dev.majordomo.benchmarks.Bench/" + s.conversations.incrementAndGet();
        key = "clients:conversation:" + id;
      }
      s.lettuce.del(key);
      s.store.delete(id);
      for (int i = 0; i < HISTORY / 2; i++) {
        Turn turn = JdbcStore.exchange(i);
        s.lettuce.rpush(key, element(turn));
        s.store.append(id, turn);
      }
      List<Turn> loaded = s.store.load(id, HISTORY);
      Check.equal(HISTORY, loaded.stream().mapToInt(Turn::size).sum());
      List<Object> raw =
          s.lettuce.evalsha(
              s.loadDigest, ScriptOutputType.MULTI, new String[] {key}, String.valueOf(HISTORY));
      Check.equal(HISTORY / 2, raw.size());
      next = JdbcStore.exchange(HISTORY);
      nextElement = element(next);
    }
  }

  /** A turn as the store writes it (StoredTurn). */
  static String element(Turn turn) {
    StringBuilder element =
        new StringBuilder("{\"v\":1,\"messages\":")
            .append(turn.size())
            .append(",\"tokens\":")
            .append(turn.tokens())
            .append('}');
    for (Message message : turn.messages()) {
      element.append('\n').append(MessageJson.write(message));
    }
    return element.toString();
  }

  private static Object lettuceCall(Server s, Conversation c) {
    List<Object> loaded =
        s.lettuce.evalsha(
            s.loadDigest, ScriptOutputType.MULTI, new String[] {c.key}, String.valueOf(HISTORY));
    s.lettuce.rpush(c.key, c.nextElement);
    return loaded;
  }

  private static Object jedisCall(Server s, Conversation c) {
    Object loaded = s.jedis.evalsha(s.loadDigest, List.of(c.key), List.of(String.valueOf(HISTORY)));
    s.jedis.rpush(c.key, c.nextElement);
    return loaded;
  }

  private static Object storeCall(Server s, Conversation c) {
    List<Turn> loaded = s.store.load(c.id, HISTORY);
    s.store.append(c.id, c.next);
    return loaded;
  }

  @Benchmark
  @Threads(1)
  public Object lettuce(Server s, Conversation c) {
    return lettuceCall(s, c);
  }

  @Benchmark
  @Threads(1)
  public Object jedis(Server s, Conversation c) {
    return jedisCall(s, c);
  }

  @Benchmark
  @Threads(1)
  public Object store(Server s, Conversation c) {
    return storeCall(s, c);
  }

  @Benchmark
  @Threads(16)
  public Object lettuce16(Server s, Conversation c) {
    return lettuceCall(s, c);
  }

  @Benchmark
  @Threads(16)
  public Object jedis16(Server s, Conversation c) {
    return jedisCall(s, c);
  }

  @Benchmark
  @Threads(16)
  public Object store16(Server s, Conversation c) {
    return storeCall(s, c);
  }
}
