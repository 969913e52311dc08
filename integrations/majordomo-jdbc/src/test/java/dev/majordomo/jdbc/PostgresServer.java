package dev.majordomo.jdbc;

import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a test class against a real PostgreSQL: one {@link PostgresCluster} for the whole test run,
 * started on first use under {@code target/} and stopped when the run ends. Test methods and
 * constructors get its {@link DataSource} or the {@link PostgresCluster} itself as parameters.
 *
 * <p>Without PostgreSQL binaries the class is skipped with the reason, except under {@code
 * CI=true}: there a missing PostgreSQL fails the class, so that CI cannot pass while running none
 * of these tests.
 */
public final class PostgresServer implements ExecutionCondition, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresServer.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    PostgresCluster.Binaries binaries = PostgresCluster.findBinaries();
    if (binaries.folder().isPresent()) {
      return ConditionEvaluationResult.enabled("PostgreSQL in " + binaries.folder().get());
    }
    if ("true".equals(System.getenv("CI"))) {
      // Enabled so that resolving the cluster fails the tests with the reason.
      return ConditionEvaluationResult.enabled("CI=true: " + binaries.whyNone());
    }
    return ConditionEvaluationResult.disabled(
        "skipped: these tests need PostgreSQL: " + binaries.whyNone());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == DataSource.class || type == PostgresCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    PostgresCluster cluster = cluster(context);
    return parameter.getParameter().getType() == DataSource.class ? cluster.dataSource() : cluster;
  }

  /** The run's cluster, started on first use; the root store closes it when the run ends. */
  static PostgresCluster cluster(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Started.class, k -> start(), Started.class)
        .cluster();
  }

  /** The cluster, or why it did not start: tried once per run, not once per test. */
  private record Started(PostgresCluster started, RuntimeException failure)
      implements AutoCloseable {
    PostgresCluster cluster() {
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
      return new Started(PostgresCluster.start(Path.of("target", "postgres")), null);
    } catch (IOException | RuntimeException e) {
      return new Started(
          null, new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Started(
          null, new IllegalStateException("interrupted while starting PostgreSQL", e));
    }
  }
}
