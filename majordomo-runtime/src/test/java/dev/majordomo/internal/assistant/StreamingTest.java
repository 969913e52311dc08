package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.ScriptedModel.call;
import static dev.majordomo.internal.assistant.TestTools.plan;
import static dev.majordomo.internal.assistant.TestTools.runtime;
import static dev.majordomo.internal.assistant.TestTools.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.ToolRoundsExceededException;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.llm.Usage;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StreamingTest {
  private final ScriptedModel model = new ScriptedModel();
  private final AssistantRuntime runtime = runtime(model);

  private static StreamEvent text(String t) {
    return new StreamEvent.TextDelta(t);
  }

  private static StreamEvent done(FinishReason reason) {
    return new StreamEvent.Done(reason);
  }

  @Test
  void nothingIsSentUntilTheStreamIsConsumed() {
    model.stream(text("Hel"), text("lo"), done(FinishReason.STOP));

    try (Stream<String> stream = runtime.streamText(plan(), null, CallPrompt.of("sys", "hi"))) {
      assertThat(model.requests()).isEmpty();

      assertThat(stream.toList()).containsExactly("Hel", "lo");
    }
    assertThat(model.requests()).hasSize(1);
    assertThat(model.lastRequest().messages())
        .containsExactly(Message.system("sys"), Message.user("hi"));
  }

  @Test
  void closingTheStreamClosesTheUnderlyingResponseStream() {
    model.stream(text("a"), text("b"), text("c"), done(FinishReason.STOP));

    Stream<String> stream = runtime.streamText(plan(), null, CallPrompt.of(null, "hi"));
    Iterator<String> it = stream.iterator();
    assertThat(it.next()).isEqualTo("a");
    ScriptedModel.ScriptedStream underlying = model.openedStreams().get(0);
    assertThat(underlying.closed()).isFalse();

    stream.close();

    assertThat(underlying.closed()).isTrue();
    assertThat(underlying.consumed()).isEqualTo(1);
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void closingBeforeConsumingSendsNothing() {
    model.stream(text("never"));

    runtime.streamText(plan(), null, CallPrompt.of(null, "hi")).close();

    assertThat(model.requests()).isEmpty();
  }

  @Test
  void toolCallsInAStreamRunAndTheNextRoundContinuesTheText() {
    Part.ToolCall weather = call("w1", "weather", "{}");
    model.stream(
        text("Checking. "), new StreamEvent.ToolCallEvent(weather), done(FinishReason.TOOL_CALLS))
        .stream(text("Sunny"), text("!"), done(FinishReason.STOP));
    Toolbox tools = Toolbox.of(tool("weather", args -> "22C, sunny"));

    List<String> deltas;
    try (Stream<String> stream =
        runtime.streamText(plan(), tools, CallPrompt.of(null, "weather?"))) {
      deltas = stream.toList();
    }

    assertThat(deltas).containsExactly("Checking. ", "Sunny", "!");
    List<Message> second = model.requests().get(1).messages();
    assertThat(second)
        .extracting(Message::role)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
    assertThat(second.get(1).parts()).containsExactly(Part.text("Checking. "), weather);
    assertThat(second.get(2).parts())
        .containsExactly(new Part.ToolResult("w1", "weather", "22C, sunny", false));
    assertThat(model.openedStreams()).allMatch(ScriptedModel.ScriptedStream::closed);
  }

  @Test
  void toolRoundsAreLimitedInStreamsToo() {
    model.stream(
        new StreamEvent.ToolCallEvent(call("1", "loop", "{}")), done(FinishReason.TOOL_CALLS))
        .stream(
            new StreamEvent.ToolCallEvent(call("2", "loop", "{}")), done(FinishReason.TOOL_CALLS));
    Toolbox tools = Toolbox.of(tool("loop", args -> "again"));

    try (Stream<String> stream = runtime.streamText(plan(1), tools, CallPrompt.of(null, "go"))) {
      assertThatThrownBy(stream::toList)
          .isInstanceOf(ToolRoundsExceededException.class)
          .hasMessageContaining("round 1: loop → \"again\"");
    }
  }

  @Test
  void anErrorMidStreamIsThrownToTheConsumerAndClosesTheStream() {
    LlmException broken = LlmException.http(502, null, "bad gateway");
    boolean[] closed = new boolean[1];
    Model failing =
        new Model() {
          @Override
          public Response call(Request request) {
            throw new AssertionError("not used");
          }

          @Override
          public ResponseStream stream(Request request) {
            return new ResponseStream() {
              private int n;

              @Override
              public boolean hasNext() {
                if (n++ == 0) {
                  return true;
                }
                throw broken;
              }

              @Override
              public StreamEvent next() {
                return new StreamEvent.TextDelta("partial");
              }

              @Override
              public void close() {
                closed[0] = true;
              }
            };
          }
        };
    AssistantRuntime rt = new AssistantRuntime(StreamingTest.class, c -> failing, null, null);

    Iterator<String> it = rt.streamText(plan(), null, CallPrompt.of(null, "hi")).iterator();
    assertThat(it.next()).isEqualTo("partial");
    assertThatThrownBy(it::hasNext).isSameAs(broken);
    assertThat(closed[0]).isTrue();
  }

  @Test
  void streamEventsIsLazyAndDoesNotRunTools() {
    Part.ToolCall weather = call("w1", "weather", "{}");
    model.stream(
        text("Let me check"),
        new StreamEvent.ToolCallEvent(weather),
        new StreamEvent.UsageEvent(new Usage(3, 4, 0, 0)),
        done(FinishReason.TOOL_CALLS));
    Toolbox tools =
        Toolbox.of(
            tool(
                "weather",
                args -> {
                  throw new AssertionError("tools do not run in streamEvents");
                }));

    ResponseStream events = runtime.streamEvents(plan(), tools, CallPrompt.of(null, "weather?"));
    assertThat(model.requests()).isEmpty();
    Response collected = events.collect();

    assertThat(collected.text()).isEqualTo("Let me check");
    assertThat(collected.toolCalls()).containsExactly(weather);
    assertThat(collected.usage()).isEqualTo(new Usage(3, 4, 0, 0));
    assertThat(model.lastRequest().tools()).extracting(t -> t.name()).containsExactly("weather");
    assertThat(model.openedStreams().get(0).closed()).isTrue();
  }

  @Test
  void streamEventsClosedEarlyNeverStartsAndEndsEmpty() {
    model.stream(text("x"));
    ResponseStream events = runtime.streamEvents(plan(), null, CallPrompt.of(null, "hi"));

    events.close();

    assertThat(events.hasNext()).isFalse();
    assertThatThrownBy(events::next).isInstanceOf(NoSuchElementException.class);
    assertThat(model.requests()).isEmpty();
  }
}
