package dev.majordomo.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The least a connection pool does, for tests and the benchmark (production uses a real pool such
 * as HikariCP): at most {@code size} connections, opened on demand and reused; a connection given
 * back is rolled back if a transaction was left open and returns to auto-commit, as real pools do.
 */
public final class ConnectionPool implements DataSource, AutoCloseable {
  private final DataSource source;
  private final Semaphore permits;
  private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
  private final List<Connection> all = new ArrayList<>();

  public ConnectionPool(DataSource source, int size) {
    this.source = source;
    this.permits = new Semaphore(size, true);
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new SQLException("no pooled connection free within 30 s", "08001");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted waiting for a pooled connection", "08001", e);
    }
    try {
      Connection physical = idle.pollFirst();
      if (physical == null || physical.isClosed()) {
        physical = source.getConnection();
        synchronized (all) {
          all.add(physical);
        }
      }
      return lease(physical);
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private Connection lease(Connection physical) {
    boolean[] returned = {false};
    return (Connection)
        Proxy.newProxyInstance(
            ConnectionPool.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close" -> {
                  if (!returned[0]) {
                    returned[0] = true;
                    giveBack(physical);
                  }
                  return null;
                }
                case "isClosed" -> {
                  return returned[0] || physical.isClosed();
                }
                default -> {
                  if (returned[0]) {
                    throw new SQLException("connection already given back to the pool");
                  }
                }
              }
              try {
                return method.invoke(physical, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void giveBack(Connection physical) throws SQLException {
    try {
      if (!physical.isClosed()) {
        if (!physical.getAutoCommit()) {
          physical.rollback();
          physical.setAutoCommit(true);
        }
        idle.addFirst(physical);
      }
    } finally {
      permits.release();
    }
  }

  /** Closes every connection the pool opened. */
  @Override
  public void close() {
    synchronized (all) {
      for (Connection connection : all) {
        try {
          connection.close();
        } catch (SQLException e) {
          // closing anyway
        }
      }
      all.clear();
    }
    idle.clear();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("a pool has one user");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
