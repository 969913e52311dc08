package dev.majordomo.benchmarks.spring;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * For reference beside {@link SpringStartup}: the same three starts repeated in one JVM after
 * warm-up, with every class loaded and the hot code compiled, as a test suite that starts several
 * contexts meets them. What remains of the difference is the work the starter does on each start
 * (reading the index, resolving the chains, creating the beans), without its class loading.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(3)
@State(Scope.Thread)
public class SpringRestart {
  private ConfigurableApplicationContext context;

  @Benchmark
  public ConfigurableApplicationContext withMajordomo() {
    context = StartupApplication.start(true);
    return context;
  }

  @Benchmark
  public ConfigurableApplicationContext byHand() {
    context = StartupApplication.start(StartupApplication.Wiring.BY_HAND);
    return context;
  }

  @Benchmark
  public ConfigurableApplicationContext withoutMajordomo() {
    context = StartupApplication.start(false);
    return context;
  }

  @TearDown(Level.Invocation)
  public void close() {
    if (context != null) {
      context.close();
      context = null;
    }
  }
}
