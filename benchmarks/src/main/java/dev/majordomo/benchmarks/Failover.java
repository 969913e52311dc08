package dev.majordomo.benchmarks;

import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeTimeSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * B3: the failover decision. A chain of {@code targets} targets of which all but the last are
 * benched (each failed the registry's threshold of times), on a frozen {@link FakeTimeSource}; each
 * call skips the benched ones and is answered by the last. The cost per benched target is {@code
 * (score(N) − score(1)) / (N − 1)}.
 *
 * <p>The answering model is an in-memory constant rather than the fake provider, because the fake
 * provider records every request and a benchmark makes millions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Failover {
  private static final Request REQUEST = Request.of(Message.user(Canned.QUESTION));

  @Param({"1", "4", "16", "64"})
  public int targets;

  private Chain chain;

  @Setup
  public void setUp() {
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(new ConstantProvider())
            .env(Map.of())
            .time(new FakeTimeSource())
            .build();
    String spec =
        IntStream.range(0, targets)
            .mapToObj(i -> i == targets - 1 ? "const/healthy" : "const/benched-" + i)
            .collect(Collectors.joining(","));
    // Bench every target but the last the way a chain does: each call fails over them once (no
    // retries), and the registry's threshold of failures benches them. The clock never moves.
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

  @Benchmark
  public Response call() {
    return chain.call(REQUEST);
  }

  /** Scheme {@code const}: every model answers at once with the canned answer. */
  static final class ConstantProvider implements Provider {
    private static final Response ANSWER = Response.ofText(Canned.ANSWER);

    @Override
    public String scheme() {
      return "const";
    }

    @Override
    public Model open(ModelSpec spec, ProviderContext context) {
      return new Model() {
        @Override
        public Response call(Request request) {
          if (spec.modelId().startsWith("benched-")) {
            throw LlmException.builder(ErrorKind.TRANSIENT, "down for the benchmark").build();
          }
          return ANSWER;
        }

        @Override
        public ResponseStream stream(Request request) {
          throw new UnsupportedOperationException("the constant model does not stream");
        }
      };
    }
  }
}
