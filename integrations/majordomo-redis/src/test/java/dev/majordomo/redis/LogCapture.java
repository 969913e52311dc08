package dev.majordomo.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records {@link RedisSharedHealth} logs (through System.Logger, backed by JUL), formatted. */
final class LogCapture extends Handler implements AutoCloseable {
  // Held here: JUL keeps loggers weakly, and a collected logger would lose the handler.
  private final Logger logger = Logger.getLogger(RedisSharedHealth.class.getName());
  private final List<LogRecord> records = new ArrayList<>();

  LogCapture() {
    logger.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
    notifyAll();
  }

  /** The messages logged at {@code level}, with their parameters filled in. */
  synchronized List<String> messages(Level level) {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) {
      if (r.getLevel().equals(level)) {
        out.add(format(r));
      }
    }
    return out;
  }

  /** Every message, at every level. */
  synchronized String everything() {
    StringBuilder s = new StringBuilder();
    for (LogRecord r : records) {
      s.append(r.getLevel()).append(' ').append(format(r)).append('\n');
    }
    return s.toString();
  }

  private static String format(LogRecord r) {
    Object[] parameters = r.getParameters();
    return parameters == null || parameters.length == 0
        ? r.getMessage()
        : java.text.MessageFormat.format(r.getMessage(), parameters);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
