package dev.majordomo.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation of the whole benchmark JVM (every thread: the benchmark's, the in-process
 * server's, the SDK's exporter, the JIT and the collector), from the operating system's count for
 * the process: a cross-check of wall time that another process on the machine moves much less,
 * where Linux {@code perf} (JMH's {@code perfnorm}) is not available. Use with {@code -prof
 * dev.majordomo.benchmarks.ProcessCpuProfiler}.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuBefore;

  public ProcessCpuProfiler() {}

  @Override
  public String getDescription() {
    return "CPU time of the benchmark JVM's process per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuBefore = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpuNanos = os.getProcessCpuTime() - cpuBefore;
    long ops = result.getMetadata().getAllOps();
    if (cpuBefore < 0 || ops == 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.time.norm", cpuNanos / 1e3 / ops, "us/op", AggregationPolicy.AVG));
  }
}
