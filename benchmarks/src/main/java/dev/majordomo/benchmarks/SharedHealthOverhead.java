package dev.majordomo.benchmarks;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.redis.RedisServer;
import dev.majordomo.redis.RedisSharedHealth;
import dev.majordomo.testing.FakeTimeSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B12: what health shared through Redis ({@code health=redis}: a {@link RedisSharedHealth} on a
 * throw-away {@code redis-server} on loopback, connected and subscribed) costs per call against
 * local health ({@code health=local}), side by side in one run:
 *
 * <ul>
 *   <li>{@code healthy}: B1's chat completion, a generated assistant on the {@code openai} provider
 *       against the loopback server; the target never failed, so nothing is shared;
 *   <li>{@code benched}: B3's failover decision, a chain of {@code targets} targets of which all
 *       but the last are benched (through Redis too with {@code redis}), on a frozen {@link
 *       FakeTimeSource}; the cost per benched target is {@code (score(N) − score(1)) / (N − 1)}.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SharedHealthOverhead {
  private static final Request REQUEST = Request.of(Message.user(Canned.QUESTION));

  @Param({"local", "redis"})
  public String health;

  @Param({"1", "16"})
  public int targets;

  private RedisServer redis;
  private RedisSharedHealth shared;
  private Registry registry;
  private LoopbackServer server;
  private BenchAssistant assistant;
  private Chain chain;

  @Setup
  public void setUp() throws Exception {
    if (health.equals("redis")) {
      redis = RedisServer.start(Path.of("target", "redis-bench"));
      shared = RedisSharedHealth.builder(redis.uri()).build();
    } else if (!health.equals("local")) {
      throw new IllegalArgumentException("health is local or redis, was " + health);
    }
    server = LoopbackServer.canned();
    FakeTimeSource time = new FakeTimeSource();
    Registry.Builder builder =
        Registry.builder()
            .provider(new Failover.ConstantProvider())
            .env(Map.of("LLM_BENCH", server.openAiDsn("bench")))
            .time(time);
    if (shared != null) {
      builder.sharedHealth(shared);
    }
    registry = builder.build();
    if (shared != null) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!shared.isConnected()) {
        Check.equal(true, System.nanoTime() < deadline);
        LockSupport.parkNanos(1_000_000);
      }
    }
    assistant = Assistants.create(BenchAssistant.class, registry);
    Check.equal(Canned.ANSWER, assistant.ask(Canned.QUESTION));

    String spec =
        IntStream.range(0, targets)
            .mapToObj(i -> i == targets - 1 ? "const/healthy" : "const/benched-" + i)
            .collect(Collectors.joining(","));
    Chain benching = registry.chain(spec, FailoverPolicy.DEFAULT.withTransientRetries(0));
    for (int i = 0; i < registry.health().policy().threshold(); i++) {
      benching.call(REQUEST);
    }
    chain = registry.chain(spec);
    List<Target> all = chain.targets();
    for (Target target : all.subList(0, all.size() - 1)) {
      Check.equal(true, registry.health().isBenched(target));
    }
    Response response = chain.call(REQUEST);
    Check.equal(all.get(all.size() - 1), response.answeredBy());
    Check.equal(targets, response.attempts().size());
  }

  @TearDown
  public void tearDown() {
    registry.close();
    server.close();
    if (redis != null) {
      Check.equal(0L, shared.droppedUpdates());
      redis.close();
    }
  }

  /** B1 on a target that never failed. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String healthy() {
    return assistant.ask(Canned.QUESTION);
  }

  /** B3: {@code targets − 1} benched targets skipped, the last one answers. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Response benched() {
    return chain.call(REQUEST);
  }
}
