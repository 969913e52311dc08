package dev.majordomo.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends server processes with everything they started ({@code npx} starts {@code node}, which may
 * start more), and keeps a set of the live ones so that one shutdown hook for the whole module ends
 * them when the JVM exits without {@link McpToolSource#close()}.
 */
final class ProcessTrees {
  /** How long a process has to exit after SIGTERM before it is killed. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK = new AtomicBoolean();

  private ProcessTrees() {}

  static void track(Process process) {
    if (HOOK.compareAndSet(false, true)) {
      Thread hook = new Thread(ProcessTrees::endAll, "majordomo-mcp-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    LIVE.add(process);
  }

  /** Ends the process and its descendants; blocks at most about twice the grace period. */
  static void end(Process process, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    if (!awaitExit(tree, grace)) {
      tree.forEach(ProcessHandle::destroyForcibly);
      awaitExit(tree, grace);
    }
    LIVE.remove(process);
  }

  /** At JVM exit: SIGTERM to every tree at once, then SIGKILL to what is left after a moment. */
  private static void endAll() {
    List<ProcessHandle> trees = new ArrayList<>();
    for (Process process : List.copyOf(LIVE)) {
      process.descendants().forEach(trees::add);
      trees.add(process.toHandle());
    }
    trees.forEach(ProcessHandle::destroy);
    if (!awaitExit(trees, Duration.ofMillis(500))) {
      trees.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static boolean awaitExit(List<ProcessHandle> tree, Duration grace) {
    CompletableFuture<?>[] exits =
        tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
