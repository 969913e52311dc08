package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import dev.majordomo.MajordomoException;
import dev.majordomo.Registry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Resolves every configured alias and model of a registry, so that a chain naming a model that
 * exists nowhere, or a model whose provider refuses its DSN, stops the start-up with the property
 * at fault rather than failing the first call hours later.
 *
 * <p>Resolving opens the models, which loads each provider's classes (the HTTP client, its URLs and
 * headers wait for a model's first call). So it runs on a thread of its own from the moment the
 * registry exists, beside the rest of the context's start-up, and the start-up waits for it once
 * every singleton is created ({@link #afterSingletonsInstantiated()}), before any runner or web
 * server sees the registry. A failure is thrown from there as the {@link ConfigException} naming
 * the property. A registry created after that point (a lazily initialized context) is checked on
 * the spot instead.
 *
 * <p>When the start-up fails before that point (a bean that used the registry while the context
 * started may have failed for the very mistake the check finds, without naming the property), the
 * context's destruction waits for the check, so that its thread does not outlive the context, and
 * logs what it found at {@code ERROR}, naming the property.
 *
 * <p>The bean is never lazy (see the configurations), so that its callback runs in every context.
 */
final class ConfiguredChainCheck implements SmartInitializingSingleton, DisposableBean {
  private static final System.Logger LOG = System.getLogger(ConfiguredChainCheck.class.getName());

  /** The longest a failed start-up waits for the check: it opens models but calls none. */
  private static final long DESTROY_WAIT_SECONDS = 10;

  private FutureTask<Void> running; // guarded by this
  private boolean startupOver; // guarded by this

  /**
   * Resolves {@code names} (each configured name, with the property that configures it): on a
   * daemon thread while the context starts, else now.
   *
   * @throws ConfigException when the context has started and a name does not resolve
   */
  void start(Registry registry, Map<String, String> names) {
    FutureTask<Void> task = new FutureTask<>(new Resolution(registry, names));
    synchronized (this) {
      if (!startupOver) {
        running = task;
        Thread thread = new Thread(task, "majordomo-chain-check");
        thread.setDaemon(true);
        thread.start();
        return;
      }
    }
    task.run();
    await(task);
  }

  @Override
  public void afterSingletonsInstantiated() {
    FutureTask<Void> task;
    synchronized (this) {
      startupOver = true;
      task = running;
    }
    if (task != null) {
      await(task);
    }
  }

  @Override
  public void destroy() {
    FutureTask<Void> task;
    synchronized (this) {
      // Once the start-up is over, the check was awaited and any failure thrown.
      task = startupOver ? null : running;
      startupOver = true;
    }
    if (task == null) {
      return;
    }
    try {
      task.get(DESTROY_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      LOG.log(
          System.Logger.Level.ERROR,
          "The start-up failed while the configured chains were being checked, and one does not"
              + " resolve (it may be the failure's cause): "
              + cause.getMessage(),
          cause);
    } catch (TimeoutException e) {
      task.cancel(true);
      LOG.log(
          System.Logger.Level.WARNING,
          "The start-up failed, and the check of the configured chains was still running after "
              + DESTROY_WAIT_SECONDS
              + " s: interrupted");
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
    }
  }

  /** Resolves each name in configuration order: the first mistake reported is the first written. */
  static final class Resolution implements Callable<Void> {
    private final Registry registry;
    private final Map<String, String> names;

    Resolution(Registry registry, Map<String, String> names) {
      this.registry = registry;
      this.names = new LinkedHashMap<>(names);
    }

    @Override
    public Void call() {
      for (Map.Entry<String, String> name : names.entrySet()) {
        try {
          registry.chain(name.getKey());
        } catch (MajordomoException | IllegalArgumentException e) {
          throw RegistryAssembly.named(name.getValue(), e);
        }
      }
      return null;
    }
  }

  private static void await(FutureTask<Void> task) {
    try {
      task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new BeanInitializationException("resolving the configured chains failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BeanInitializationException("interrupted while resolving the configured chains", e);
    }
  }
}
