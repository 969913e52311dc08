package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The text deltas of a streamed call, across tool rounds. The first round's stream is opened by the
 * first {@link #hasNext()}, not before. When a round's stream ends with tool calls, they run and
 * the next round's stream continues the text. {@link #close()} may come from any thread: it closes
 * the current round's stream (cancelling its HTTP call), or cancels the opening of the next one
 * (its HTTP call and any backoff wait), and ends the iteration.
 *
 * <p>In a conversation, the first {@code hasNext()} also waits for the conversation's previous call
 * (a wait that {@link #close()} cancels) and loads its history; the end of the last round stores
 * the turn, and a close or failure before that stores nothing. Either releases the conversation.
 *
 * <p>A stream that is neither read to its end nor closed ({@code findFirst()}, {@code limit(n)}, an
 * abandoned iterator) would keep its conversation for ever: once it is unreachable, a {@link
 * Cleaner} releases the conversation (storing nothing), closes the round's stream and logs a
 * warning. That is a safety net, late and at the collector's pace, not a substitute for close.
 */
final class TextStream implements Iterator<String>, AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Function<List<Message>, ToolLoop> loops;
  private final Conversation conversation;
  private final Supplier<CallObservation> observations;
  private final ContextSnapshot context;
  private final Resources resources;
  private final Cleaner.Cleanable cleanable;
  private ToolLoop loop;

  /** Stops the opening of a round's stream (attempts, backoff, first event) when closed. */
  private final Cancellation cancellation = new Cancellation();

  private boolean finished;
  private String pending;
  private StringBuilder roundText;
  private List<Part> roundCalls;
  private List<Part> roundReasoning;
  private Usage roundUsage;

  /**
   * @param method the method, for the warning of a stream abandoned without close
   * @param loops makes the call's loop from the history to send
   * @param conversation the call's conversation, or {@code null}
   * @param observations starts the call's observation, on the first read
   * @param context the observers' context where the method was called, restored around each read
   */
  TextStream(
      String method,
      Function<List<Message>, ToolLoop> loops,
      Conversation conversation,
      Supplier<CallObservation> observations,
      ContextSnapshot context) {
    this.loops = loops;
    this.conversation = conversation;
    this.observations = observations;
    this.context = context;
    this.resources = new Resources(method, conversation);
    this.cleanable = CLEANER.register(this, resources);
  }

  /**
   * Reads on, in the context the method was called in and inside the call's observation, which the
   * first read starts (so a stream never read is never observed).
   */
  @Override
  @SuppressWarnings("try") // the scopes are entered for what runs inside them
  public boolean hasNext() {
    if (pending != null || finished) {
      return pending != null;
    }
    if (resources.closed) {
      finished = true;
      return false;
    }
    try (Observation.Scope restored = context.restore()) {
      CallObservation observation = resources.observation;
      if (observation == null) {
        observation = observations.get();
        resources.observation = observation;
      }
      try (Observation.Scope entered = observation.enter()) {
        boolean more = advance();
        if (finished && resources.closed) {
          // close() may have run before the observation was stored, and not ended it
          observation.failed(Resources.closedEarly());
        }
        return more;
      }
    }
  }

  private boolean advance() {
    while (pending == null && !finished) {
      if (resources.closed) {
        finished = true;
        break;
      }
      ResponseStream stream = resources.current;
      if (stream == null) {
        Cancellation.Registration scope = cancellation.enter();
        try {
          open();
        } catch (Error e) {
          // Whatever ends the call releases its conversation: a stream that a terminal operation
          // left unclosed would otherwise keep it for ever.
          abandon(e);
          throw e;
        } catch (RuntimeException e) {
          abandon(e);
          if (resources.closed) {
            // the failure is the cancellation that close() asked for
            finished = true;
            break;
          }
          throw e;
        } finally {
          scope.close();
        }
        continue;
      }
      StreamEvent event;
      try {
        event = stream.hasNext() ? stream.next() : null;
      } catch (Error e) {
        abandon(e);
        stream.close();
        throw e;
      } catch (RuntimeException e) {
        abandon(e);
        if (resources.closed) {
          finished = true;
          break;
        }
        stream.close();
        throw e;
      }
      if (event != null) {
        accept(event);
      } else {
        try {
          endRound(stream);
        } catch (RuntimeException | Error e) {
          abandon(e);
          throw e;
        }
      }
    }
    return pending != null;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String text = pending;
    pending = null;
    return text;
  }

  @Override
  public void close() {
    resources.closed = true;
    cancellation.cancel();
    // closes the round's stream and releases the conversation, now rather than when collected
    cleanable.clean();
  }

  private void abandon(Throwable error) {
    resources.failed = true;
    if (conversation != null) {
      conversation.abandon();
    }
    CallObservation observation = resources.observation;
    if (observation != null) {
      // A failure that close() caused: the observation ends as closed, not with this error.
      observation.failed(resources.closed ? Resources.closedEarly() : error);
    }
  }

  private ResponseStream open() {
    if (loop == null) {
      loop = loops.apply(conversation == null ? List.of() : conversation.begin());
    }
    loop.checkInterrupted();
    roundText = new StringBuilder();
    roundCalls = new ArrayList<>();
    roundReasoning = new ArrayList<>();
    roundUsage = Usage.NONE;
    ResponseStream stream = loop.model().stream(loop.request());
    resources.current = stream;
    if (resources.closed) {
      // close() ran while the stream was being opened and did not see it
      stream.close();
    }
    return stream;
  }

  private void accept(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta d) {
      if (!d.text().isEmpty()) {
        roundText.append(d.text());
        pending = d.text();
      }
    } else if (event instanceof StreamEvent.ToolCallEvent c) {
      roundCalls.add(c.call());
    } else if (event instanceof StreamEvent.ReasoningEvent r) {
      roundReasoning.add(r.reasoning());
    } else if (event instanceof StreamEvent.UsageEvent u) {
      roundUsage = u.usage();
    }
  }

  private void endRound(ResponseStream stream) {
    stream.close();
    resources.current = null;
    loop.recordRound(roundUsage);
    if (roundCalls.isEmpty()) {
      finished = true;
      if (conversation != null) {
        List<Part> answerParts = new ArrayList<>(roundReasoning);
        if (roundText.length() > 0) {
          answerParts.add(Part.text(roundText.toString()));
        }
        Message answer = Message.assistant(answerParts);
        conversation.finish(loop.turn(answer));
      }
      CallObservation observation = resources.observation;
      if (observation != null) {
        observation.succeeded(loop.usage(), loop.answeredBy());
      }
      return;
    }
    // The round's reasoning first, as the provider sent it: Anthropic needs it back with the calls.
    List<Part> parts = new ArrayList<>(roundReasoning);
    if (roundText.length() > 0) {
      parts.add(Part.text(roundText.toString()));
    }
    parts.addAll(roundCalls);
    loop.runTools(Message.assistant(parts));
  }

  /**
   * What an unreachable stream still holds: the round's stream and the conversation. The cleaning
   * action is this object, never the {@code TextStream}, which would otherwise stay reachable.
   */
  private static final class Resources implements Runnable {
    private static final System.Logger LOG = System.getLogger(TextStream.class.getName());

    private final String method;
    private final Conversation conversation;
    volatile ResponseStream current;

    /** The call's observation, once the first read started it (ended once: it guards itself). */
    volatile CallObservation observation;

    /** Whether {@link TextStream#close()} ran, from any thread. */
    volatile boolean closed;

    /** Whether the call failed: then it ended, even if its round's stream is not closed. */
    volatile boolean failed;

    Resources(String method, Conversation conversation) {
      this.method = method;
      this.conversation = conversation;
    }

    static CancellationException closedEarly() {
      return new CancellationException("the stream was closed before its end");
    }

    @Override
    public void run() {
      ResponseStream stream = current;
      if (stream != null) {
        stream.close();
      }
      CallObservation observation = this.observation;
      if (observation != null) {
        observation.failed(
            closed
                ? closedEarly()
                : new CancellationException("the stream was abandoned before its end, unclosed"));
      }
      boolean released = conversation != null && conversation.abandon();
      if (!closed && !failed && (released || stream != null)) {
        // names the method, never the conversation id (it may be personal data)
        LOG.log(
            Level.WARNING,
            "{0}: a Stream<String> was abandoned before its end without close(); its"
                + " conversation is released, storing nothing. Close the stream"
                + " (try-with-resources) when not reading it to its end.",
            method);
      }
    }
  }
}
