package dev.majordomo.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts what a store asks of the database (connections, statements prepared,
 * statements executed, commits), can open connections with auto-commit off, and can fail the n-th
 * execution, so that tests see round trips and transactions without a database of their own.
 */
final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger statements = new AtomicInteger();
  private final AtomicInteger executions = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private final List<Boolean> autoCommitAtClose = new CopyOnWriteArrayList<>();
  private volatile Boolean autoCommitOnOpen;
  private volatile int failExecution = -1;
  private volatile String failureMessage = "injected failure";
  private volatile boolean failAutoCommitOn;

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  int connections() {
    return connections.get();
  }

  /** Statements prepared or created. */
  int statements() {
    return statements.get();
  }

  /**
   * Calls of {@code execute}, {@code executeQuery}, {@code executeUpdate}, {@code executeBatch}.
   */
  int executions() {
    return executions.get();
  }

  int commits() {
    return commits.get();
  }

  /** Each closed connection's auto-commit when the store closed it. */
  List<Boolean> autoCommitAtClose() {
    return List.copyOf(autoCommitAtClose);
  }

  void autoCommitOnOpen(boolean value) {
    autoCommitOnOpen = value;
  }

  /** Fails the {@code n}-th execution from now (1 for the next) with an SQLException. */
  void failExecutionNumber(int n) {
    failExecutionNumber(n, "injected failure");
  }

  /** Fails the {@code n}-th execution from now with an SQLException saying {@code message}. */
  void failExecutionNumber(int n, String message) {
    failExecution = executions.get() + n;
    failureMessage = message;
  }

  /** Fails every {@code setAutoCommit(true)} from now, as on a connection the network lost. */
  void failSettingAutoCommitOn() {
    failAutoCommitOn = true;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection connection) throws SQLException {
    connections.incrementAndGet();
    if (autoCommitOnOpen != null) {
      connection.setAutoCommit(autoCommitOnOpen);
    }
    return proxy(
        Connection.class,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "prepareStatement", "createStatement" -> {
              statements.incrementAndGet();
              Object statement = invoke(connection, method, args);
              Class<?> type =
                  method.getName().equals("prepareStatement")
                      ? PreparedStatement.class
                      : Statement.class;
              return proxy(type, statementHandler(statement));
            }
            case "commit" -> commits.incrementAndGet();
            case "setAutoCommit" -> {
              if (failAutoCommitOn && Boolean.TRUE.equals(args[0])) {
                throw new SQLException("injected: auto-commit cannot be set", "08006");
              }
            }
            case "close" -> {
              if (!connection.isClosed()) {
                autoCommitAtClose.add(connection.getAutoCommit());
              }
            }
            default -> {}
          }
          return invoke(connection, method, args);
        });
  }

  private InvocationHandler statementHandler(Object statement) {
    return (proxy, method, args) -> {
      if (method.getName().startsWith("execute")) {
        int n = executions.incrementAndGet();
        if (n == failExecution) {
          throw new SQLException(failureMessage, "08000");
        }
      }
      return invoke(statement, method, args);
    };
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T)
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return delegate.isWrapperFor(type);
  }
}
