package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

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
 */
final class TextStream implements Iterator<String>, AutoCloseable {
  private final Function<List<Message>, ToolLoop> loops;
  private final Conversation conversation;
  private ToolLoop loop;
  private volatile ResponseStream current;

  /** Stops the opening of a round's stream (attempts, backoff, first event) when closed. */
  private final Cancellation cancellation = new Cancellation();

  private volatile boolean closed;
  private boolean finished;
  private String pending;
  private StringBuilder roundText;
  private List<Part> roundCalls;
  private Usage roundUsage;

  /**
   * @param loops makes the call's loop from the history to send
   * @param conversation the call's conversation, or {@code null}
   */
  TextStream(Function<List<Message>, ToolLoop> loops, Conversation conversation) {
    this.loops = loops;
    this.conversation = conversation;
  }

  @Override
  public boolean hasNext() {
    while (pending == null && !finished) {
      if (closed) {
        finished = true;
        break;
      }
      ResponseStream stream = current;
      if (stream == null) {
        Cancellation.Registration scope = cancellation.enter();
        try {
          open();
        } catch (Error e) {
          // Whatever ends the call releases its conversation: a stream that a terminal operation
          // left unclosed would otherwise keep it for ever.
          abandon();
          throw e;
        } catch (RuntimeException e) {
          abandon();
          if (closed) {
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
        abandon();
        stream.close();
        throw e;
      } catch (RuntimeException e) {
        abandon();
        if (closed) {
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
          abandon();
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
    closed = true;
    cancellation.cancel();
    ResponseStream stream = current;
    if (stream != null) {
      stream.close();
    }
    abandon();
  }

  private void abandon() {
    if (conversation != null) {
      conversation.abandon();
    }
  }

  private ResponseStream open() {
    if (loop == null) {
      loop = loops.apply(conversation == null ? List.of() : conversation.begin());
    }
    loop.checkInterrupted();
    roundText = new StringBuilder();
    roundCalls = new ArrayList<>();
    roundUsage = Usage.NONE;
    ResponseStream stream = loop.model().stream(loop.request());
    current = stream;
    if (closed) {
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
    } else if (event instanceof StreamEvent.UsageEvent u) {
      roundUsage = u.usage();
    }
  }

  private void endRound(ResponseStream stream) {
    stream.close();
    current = null;
    loop.recordRound(roundUsage);
    if (roundCalls.isEmpty()) {
      finished = true;
      if (conversation != null) {
        Message answer =
            roundText.length() == 0
                ? Message.assistant(List.of())
                : Message.assistant(roundText.toString());
        conversation.finish(loop.turn(answer));
      }
      return;
    }
    List<Part> parts = new ArrayList<>();
    if (roundText.length() > 0) {
      parts.add(Part.text(roundText.toString()));
    }
    parts.addAll(roundCalls);
    loop.runTools(Message.assistant(parts));
  }
}
