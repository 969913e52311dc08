package dev.majordomo.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warning of an observer that throws names the observer's class and the step, never what the
 * observer's own {@code toString} shows: an observation often holds the call's prompt or ids.
 */
class ObserverFaultLogTest {
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Logger log = Logger.getLogger(Observer.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel() == Level.WARNING) {
            warnings.add(new SimpleFormatter().formatMessage(record));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    log.addHandler(capture);
  }

  @AfterEach
  void release() {
    log.removeHandler(capture);
  }

  /** An observation that keeps the call's data, as a record would show it. */
  private record Holding(String prompt) implements CallObservation {
    @Override
    public Scope enter() {
      return () -> {
        throw new IllegalStateException("scope");
      };
    }

    @Override
    public void succeeded(Usage usage, Target answeredBy) {
      throw new IllegalStateException("succeeded");
    }
  }

  @Test
  void aWarningNamesTheClassAndTheStepButNotTheObservationsData() {
    Observer holding =
        new Observer() {
          @Override
          public CallObservation callStarted(CallStart call) {
            return new Holding("the user's secret prompt");
          }

          @Override
          public String toString() {
            return "observer holding the user's secret prompt";
          }

          @Override
          public ToolObservation toolStarted(ToolStart tool) {
            return null;
          }
        };
    Observer all = Observer.all(holding);

    CallObservation call = all.callStarted(new CallStart(Object.class, "m", "x", null, false));
    call.enter().close();
    call.succeeded(Usage.NONE, null);
    all.toolStarted(new ToolStart("t", "c1", "{}"));

    assertThat(warnings).hasSize(3);
    assertThat(warnings).noneMatch(w -> w.contains("secret"));
    assertThat(warnings.get(0)).contains("Scope.close");
    assertThat(warnings.get(1)).contains(Holding.class.getName()).contains("succeeded");
    assertThat(warnings.get(2)).contains("toolStarted");
  }
}
