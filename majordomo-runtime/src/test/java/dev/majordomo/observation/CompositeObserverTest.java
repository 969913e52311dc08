package dev.majordomo.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several observers told as one: in order, each guarded, scopes closed in reverse. */
@SuppressWarnings("try") // scopes are entered for what runs inside them
class CompositeObserverTest {
  private static final Target TARGET = Target.of("fake", "a");
  private static final AttemptStart ATTEMPT =
      new AttemptStart(TARGET, 1, Request.of(Message.user("hi")), false, null, -1);

  private final List<String> told = new ArrayList<>();

  private Observer named(String name) {
    return new Observer() {
      @Override
      public CallObservation callStarted(CallStart call) {
        told.add(name + " call");
        return new CallObservation() {
          @Override
          public Scope enter() {
            told.add(name + " enter");
            return () -> told.add(name + " exit");
          }

          @Override
          public void succeeded(Usage usage, Target answeredBy) {
            told.add(name + " ok");
          }
        };
      }

      @Override
      public AttemptObservation attemptStarted(AttemptStart attempt) {
        told.add(name + " attempt");
        return new AttemptObservation() {
          @Override
          public void failed(ErrorKind kind, Throwable error, Duration elapsed) {
            told.add(name + " attempt " + kind);
          }
        };
      }

      @Override
      public void chainEvent(ChainEvent event) {
        told.add(name + " " + event.getClass().getSimpleName());
      }

      @Override
      public ContextSnapshot captureContext() {
        return () -> {
          told.add(name + " restore");
          return () -> told.add(name + " unrestore");
        };
      }
    };
  }

  /** An observer whose every method throws. */
  private static final Observer BROKEN =
      new Observer() {
        @Override
        public CallObservation callStarted(CallStart call) {
          return new CallObservation() {
            @Override
            public Scope enter() {
              return () -> {
                throw new IllegalStateException("close bug");
              };
            }

            @Override
            public void succeeded(Usage usage, Target answeredBy) {
              throw new IllegalStateException("succeeded bug");
            }
          };
        }

        @Override
        public AttemptObservation attemptStarted(AttemptStart attempt) {
          throw new IllegalStateException("attempt bug");
        }

        @Override
        public ToolObservation toolStarted(ToolStart tool) {
          return null;
        }

        @Override
        public void chainEvent(ChainEvent event) {
          throw new IllegalStateException("event bug");
        }

        @Override
        public ContextSnapshot captureContext() {
          return () -> {
            throw new IllegalStateException("restore bug");
          };
        }
      };

  @Test
  void eachObserverIsToldInOrderAndScopesCloseInReverse() {
    Observer both = Observer.all(named("a"), named("b"));

    CallObservation call = both.callStarted(new CallStart(Object.class, "m", "x", null, false));
    try (Observation.Scope scope = call.enter()) {
      both.chainEvent(new ChainEvent.AttemptStarted(TARGET, 1));
      both.attemptStarted(ATTEMPT)
          .failed(ErrorKind.TRANSIENT, new RuntimeException("503"), Duration.ZERO);
    }
    call.succeeded(Usage.NONE, null);
    try (Observation.Scope restored = both.captureContext().restore()) {
      told.add("work");
    }

    assertThat(told)
        .containsExactly(
            "a call",
            "b call",
            "a enter",
            "b enter",
            "a AttemptStarted",
            "b AttemptStarted",
            "a attempt",
            "b attempt",
            "a attempt TRANSIENT",
            "b attempt TRANSIENT",
            "b exit",
            "a exit",
            "a ok",
            "b ok",
            "a restore",
            "b restore",
            "work",
            "b unrestore",
            "a unrestore");
  }

  @Test
  void anObserverThatThrowsOrReturnsNullIsSkippedAndTheOthersAreStillTold() {
    Observer mixed = Observer.all(BROKEN, named("a"));

    CallObservation call = mixed.callStarted(new CallStart(Object.class, "m", "x", null, false));
    try (Observation.Scope scope = call.enter()) {
      mixed.chainEvent(new ChainEvent.AttemptStarted(TARGET, 1));
      mixed
          .attemptStarted(ATTEMPT)
          .failed(ErrorKind.NOT_FOUND, new RuntimeException("404"), Duration.ZERO);
      ToolObservation tool = mixed.toolStarted(new ToolStart("t", "c1", "{}"));
      tool.finished(new Part.ToolResult("c1", "t", "ok", false));
    }
    call.succeeded(Usage.NONE, null);
    try (Observation.Scope restored = mixed.captureContext().restore()) {
      told.add("work");
    }

    assertThat(told)
        .containsExactly(
            "a call",
            "a enter",
            "a AttemptStarted",
            "a attempt",
            "a attempt NOT_FOUND",
            "a exit",
            "a ok",
            "a restore",
            "work",
            "a unrestore");
  }

  @Test
  void noObserversIsNoneAndCompositesFlatten() {
    assertThat(Observer.all()).isSameAs(Observer.NONE);
    assertThat(Observer.all(Observer.NONE, Observer.NONE)).isSameAs(Observer.NONE);
    assertThat(Observer.of(ChainListener.NONE)).isSameAs(Observer.NONE);

    Observer a = named("a");
    Observer nested = Observer.all(Observer.all(a, named("b")), Observer.NONE, named("c"));
    nested.chainEvent(new ChainEvent.Skipped(TARGET, "benched"));

    assertThat(told).containsExactly("a Skipped", "b Skipped", "c Skipped");
  }

  @Test
  void aListenerSeenAsAnObserverReceivesTheEventsOnly() {
    List<ChainEvent> events = new ArrayList<>();
    Observer observer = Observer.of(events::add);

    assertThat(observer.attemptStarted(ATTEMPT)).isSameAs(AttemptObservation.NONE);
    observer.chainEvent(new ChainEvent.Benched(TARGET, java.time.Instant.EPOCH));

    assertThat(events).singleElement().isInstanceOf(ChainEvent.Benched.class);
  }

  @Test
  void startsNameWhatStartsButNeverThePromptOrTheConversation() {
    assertThat(new CallStart(CompositeObserverTest.class, "ask", "fast", "user-42@example", true))
        .hasToString("CallStart[CompositeObserverTest.ask, chain=fast, in a conversation, stream]");
    assertThat(ATTEMPT).hasToString("AttemptStart[fake/a, attempt 1]");
    assertThat(new ToolStart("weather", "c1", "{\"city\":\"Paris\"}"))
        .hasToString("ToolStart[weather, call c1]");
    assertThat(Response.ofText("x").text()).isEqualTo("x");
  }
}
