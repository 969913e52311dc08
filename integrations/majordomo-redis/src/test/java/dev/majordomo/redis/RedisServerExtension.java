package dev.majordomo.redis;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a test class against a real Redis: one {@link RedisServer} per test class, started on first
 * use under {@code target/redis} and killed when the class ends, so that a class may kill, restart
 * or flush its server without disturbing another. Constructors and test methods get it as a
 * parameter of type {@link RedisServer}.
 *
 * <p>Without {@code redis-server} the class is skipped with the reason, except under {@code
 * CI=true}: there a missing server fails the class, so that CI cannot pass while running none of
 * these tests.
 */
public final class RedisServerExtension implements ExecutionCondition, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    RedisServer.Binary binary = RedisServer.findBinary();
    if (binary.path().isPresent()) {
      return ConditionEvaluationResult.enabled("redis-server at " + binary.path().get());
    }
    if ("true".equals(System.getenv("CI"))) {
      // Enabled so that resolving the server fails the tests with the reason.
      return ConditionEvaluationResult.enabled("CI=true: " + binary.whyNone());
    }
    return ConditionEvaluationResult.disabled(
        "skipped: these tests need redis-server: " + binary.whyNone());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  /** The test class's server, started on first use; the class's store kills it at the end. */
  static RedisServer server(ExtensionContext context) {
    return classContext(context)
        .getStore(NAMESPACE)
        .computeIfAbsent(Started.class, k -> start(), Started.class)
        .server();
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  /** The server, or why it did not start: tried once per class, not once per test. */
  private record Started(RedisServer started, RuntimeException failure) implements AutoCloseable {
    RedisServer server() {
      if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
      return started;
    }

    @Override
    public void close() {
      if (started != null) {
        started.close();
      }
    }
  }

  private static Started start() {
    try {
      return new Started(RedisServer.start(Path.of("target", "redis")), null);
    } catch (IOException | RuntimeException e) {
      return new Started(
          null, new IllegalStateException("could not start redis-server: " + e.getMessage(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Started(
          null, new IllegalStateException("interrupted while starting redis-server", e));
    }
  }
}
