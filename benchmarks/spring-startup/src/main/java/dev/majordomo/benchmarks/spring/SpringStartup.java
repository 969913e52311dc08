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
 * The start-up of {@link StartupApplication} with the starter, with the same assistants wired by
 * hand, and with no assistant, as an application meets it: once, in a fresh JVM. Each fork starts
 * the application once and that start is the measurement (no warm-up: a warmed-up second start in
 * the same JVM has its classes loaded and its code compiled, which no real start-up has). Many
 * forks give the spread; the starter against by hand is what the starter adds, the starter against
 * none what Majordomo adds in all.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(20)
@State(Scope.Thread)
public class SpringStartup {
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
