package dev.majordomo.benchmarks;

import dev.majordomo.AssistantIndex;
import dev.majordomo.Assistants;
import dev.majordomo.IndexedAssistant;
import dev.majordomo.Registry;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start-up with many assistants: a fresh JVM whose class path holds {@code N} generated assistant
 * interfaces ({@code benchmarks/many-assistants.sh} writes them and compiles them with the
 * processor), timed from {@code main} to the first reply, as {@link ColdStart} does for one.
 *
 * <p>Two ways to start, because applications do both:
 *
 * <ul>
 *   <li>{@code one}: the application creates the one assistant it calls ({@code
 *       Assistants.create}); the other {@code N - 1} only sit on the class path (and in the index);
 *   <li>{@code all}: the application creates every assistant the processor's index lists, as a
 *       framework that registers every assistant as a bean does, then calls one of them.
 * </ul>
 *
 * <p>After the reply it runs {@code System.gc()} twice and prints what the idle process holds: used
 * heap, metaspace, loaded classes; the created assistants stay reachable until then. Prints one
 * line: {@code <mode> n=<N> total=<ms> registry=<ms> create=<ms> call=<ms> heapKB=<KB>
 * metaspaceKB=<KB> classes=<count>}.
 */
public final class ManyAssistants {
  private ManyAssistants() {}

  /**
   * @param args {@code one} or {@code all}, then the package of the generated interfaces ({@code
   *     bench}) and the binary name of the one called ({@code bench.Agent0001})
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3 || !(args[0].equals("one") || args[0].equals("all"))) {
      throw new IllegalArgumentException("usage: ManyAssistants one|all <package> <called class>");
    }
    boolean all = args[0].equals("all");
    String pkg = args[1] + ".";
    ClassLoader loader = ManyAssistants.class.getClassLoader();
    List<Object> keep = new ArrayList<>();
    int n;
    String reply;
    long registryNanos;
    long createNanos;
    long callNanos;
    long mainCpuNanos;
    long processCpuNanos;
    try (LoopbackServer server = LoopbackServer.canned()) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long startCpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      Registry registry = Majordomo.registry(server);
      long registryDone = System.nanoTime();
      Class<?> called = Class.forName(args[2], false, loader);
      Object assistant = null;
      if (all) {
        n = 0;
        for (IndexedAssistant indexed : AssistantIndex.load(loader)) {
          if (!indexed.interfaceName().startsWith(pkg)) {
            continue;
          }
          Class<?> type = indexed.interfaceClass(loader);
          Object created = Assistants.create(type, registry);
          keep.add(created);
          n++;
          if (type == called) {
            assistant = created;
          }
        }
      } else {
        n = -1; // counted after the clock stops: this start never reads the index
        assistant = Assistants.create(called, registry);
        keep.add(assistant);
      }
      if (assistant == null) {
        throw new IllegalStateException(args[2] + " is not in the index");
      }
      long created = System.nanoTime();
      Method ask = called.getMethod("ask", String.class);
      reply = (String) ask.invoke(assistant, Canned.QUESTION);
      long end = System.nanoTime();
      mainCpuNanos = threads.getCurrentThreadCpuTime() - startCpu;
      processCpuNanos =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime();
      registryNanos = registryDone - start;
      createNanos = created - registryDone;
      callNanos = end - created;
      Check.equal(Canned.ANSWER, reply);
      if (n < 0) {
        n =
            (int)
                AssistantIndex.load(loader).stream()
                    .filter(a -> a.interfaceName().startsWith(pkg))
                    .count();
      }
      System.gc();
      System.gc();
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      long metaspace = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getName().equals("Metaspace")) {
          metaspace = pool.getUsage().getUsed();
        }
      }
      ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
      System.out.printf(
          Locale.ROOT,
          "%s n=%d total=%.1f registry=%.1f create=%.1f call=%.1f mainCpu=%.1f processCpu=%.1f"
              + " heapKB=%d metaspaceKB=%d classes=%d kept=%d%n",
          args[0],
          n,
          (end - start) / 1e6,
          registryNanos / 1e6,
          createNanos / 1e6,
          callNanos / 1e6,
          mainCpuNanos / 1e6,
          processCpuNanos / 1e6,
          heap.getUsed() / 1024,
          metaspace / 1024,
          classes.getLoadedClassCount(),
          keep.size());
    }
  }
}
