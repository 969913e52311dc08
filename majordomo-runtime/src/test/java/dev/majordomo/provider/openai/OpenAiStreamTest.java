package dev.majordomo.provider.openai;

import static dev.majordomo.provider.openai.OpenAiChatTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming (OpenAI's chat streaming reference): SSE chunks, tool-call fragments, usage, errors,
 * truncation, close.
 */
class OpenAiStreamTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String chunk(String choicesOrRest) {
    return j(
        "{'id':'chatcmpl-X','object':'chat.completion.chunk','created':1727346182,"
            + "'model':'gpt-4o-2024-08-06','system_fingerprint':'fp_1',"
            + choicesOrRest
            + "}");
  }

  private static String delta(String delta, String finish) {
    return chunk(
        "'choices':[{'index':0,'delta':"
            + delta
            + ",'logprobs':null,'finish_reason':"
            + (finish == null ? "null" : "'" + finish + "'")
            + "}]");
  }

  private static List<StreamEvent> drain(ResponseStream s) {
    List<StreamEvent> events = new ArrayList<>();
    try (s) {
      while (s.hasNext()) {
        events.add(s.next());
      }
    }
    return events;
  }

  /** The last event, with the id and model every chunk of these streams carries. */
  private static StreamEvent.Done done(FinishReason reason) {
    return new StreamEvent.Done(reason, "chatcmpl-X", "gpt-4o-2024-08-06");
  }

  @Test
  void textDeltasUsageAndDone() throws Exception {
    api.enqueueSse(
        delta("{'role':'assistant','content':''}", null),
        delta("{'content':'Hel'}", null),
        delta("{'content':'lo!'}", null),
        delta("{}", "stop"),
        chunk(
            "'choices':[],'usage':{'prompt_tokens':9,'completion_tokens':2,'total_tokens':11,"
                + "'prompt_tokens_details':{'cached_tokens':4},"
                + "'completion_tokens_details':{'reasoning_tokens':0}}"),
        "[DONE]");
    List<StreamEvent> events = drain(api.openai("gpt-4o").stream(Request.of(Message.user("hi"))));

    JsonNode body = api.takeBody();
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("stream_options")).isEqualTo(MockOpenAi.json("{\"include_usage\":true}"));
    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("Hel"),
            new StreamEvent.TextDelta("lo!"),
            new StreamEvent.UsageEvent(new Usage(9, 2, 4, 0)),
            done(FinishReason.STOP));
  }

  @Test
  void theStreamAsksForServerSentEvents() throws Exception {
    api.enqueueSse(delta("{'content':'x'}", "stop"), "[DONE]");
    drain(api.openai("gpt-4o").stream(Request.of(Message.user("hi"))));
    assertThat(api.take().getHeaders().get("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void toolCallFragmentsAreAssembledPerIndex() throws Exception {
    // Two parallel calls; argument pieces split mid-token, as real streams do.
    api.enqueueSse(
        delta(
            "{'role':'assistant','content':null,'tool_calls':[{'index':0,'id':'call_4X','type':'function',"
                + "'function':{'name':'get_weather','arguments':''}}],'refusal':null}",
            null),
        delta("{'tool_calls':[{'index':0,'function':{'arguments':'{\\'ci'}}]}", null),
        delta("{'tool_calls':[{'index':0,'function':{'arguments':'ty\\':\\'NYC\\'}'}}]}", null),
        delta(
            "{'tool_calls':[{'index':1,'id':'call_5Y','type':'function',"
                + "'function':{'name':'get_time','arguments':''}}]}",
            null),
        delta("{'tool_calls':[{'index':1,'function':{'arguments':'{}'}}]}", null),
        delta("{}", "tool_calls"),
        chunk(
            "'choices':[],'usage':{'prompt_tokens':44,'completion_tokens':16,'total_tokens':60,"
                + "'completion_tokens_details':{'reasoning_tokens':0}}"),
        "[DONE]");
    Request request =
        Request.of(Message.user("weather and time in NYC"))
            .withTools(List.of(OpenAiChatTest.WEATHER, OpenAiChatTest.TIME));
    ResponseStream stream = api.openai("gpt-4o").stream(request);
    List<StreamEvent> events = drain(stream);

    assertThat(api.takeBody().get("tools")).hasSize(2);
    assertThat(events)
        .containsExactly(
            new StreamEvent.ToolCallEvent(
                new Part.ToolCall("call_4X", "get_weather", "{\"city\":\"NYC\"}")),
            new StreamEvent.ToolCallEvent(new Part.ToolCall("call_5Y", "get_time", "{}")),
            new StreamEvent.UsageEvent(new Usage(44, 16, 0, 0)),
            done(FinishReason.TOOL_CALLS));
  }

  @Test
  void aStreamedToolRoundTripContinuesTheConversation() throws Exception {
    api.enqueueSse(
        delta(
            "{'tool_calls':[{'index':0,'id':'call_1','type':'function',"
                + "'function':{'name':'get_weather','arguments':'{\\'city\\':\\'Oslo\\'}'}}]}",
            null),
        delta("{}", "tool_calls"),
        "[DONE]");
    Request first = Request.of(Message.user("Oslo?")).withTools(List.of(OpenAiChatTest.WEATHER));
    Response r1 = api.openai("gpt-4o").stream(first).collect();
    assertThat(r1.toolCalls())
        .containsExactly(new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    api.takeBody();

    api.enqueueSse(delta("{'content':'It is 3 degrees.'}", "stop"), "[DONE]");
    Request second =
        first.followedBy(
            r1.message(),
            Message.toolResults(List.of(Part.ToolResult.success(r1.toolCalls().get(0), "3 C"))));
    Response r2 = api.openai("gpt-4o").stream(second).collect();
    assertThat(r2.text()).isEqualTo("It is 3 degrees.");

    JsonNode messages = api.takeBody().get("messages");
    assertThat(messages.get(1).at("/tool_calls/0/id").asText()).isEqualTo("call_1");
    assertThat(messages.get(1).at("/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(messages.get(2))
        .isEqualTo(MockOpenAi.json(j("{'role':'tool','tool_call_id':'call_1','content':'3 C'}")));
  }

  @Test
  void chunksWithExplicitNullUsageAndUnknownFieldsAreAccepted() throws Exception {
    api.enqueueSse(
        chunk(
            "'usage':null,'obfuscation':'abc','choices':[{'index':0,'delta':{'content':'a'},'finish_reason':null}]"),
        chunk("'usage':null,'choices':[{'index':0,'delta':{},'finish_reason':'length'}]"),
        "[DONE]");
    assertThat(drain(api.openai("gpt-4o").stream(Request.of(Message.user("x")))))
        .containsExactly(new StreamEvent.TextDelta("a"), done(FinishReason.LENGTH));
  }

  @Test
  void aMidStreamErrorEndsTheStreamAfterTheTextBeforeIt() {
    api.enqueueSse(
        delta("{'content':'Part'}", null),
        j(
            "{'error':{'message':'The server had an error while processing your request.',"
                + "'type':'server_error','param':null,'code':null}}"),
        delta("{'content':'never'}", null));
    ResponseStream s = api.openai("gpt-4o").stream(Request.of(Message.user("x")));
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("Part"));
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.providerCode()).contains("server_error");
    assertThat(e.getMessage()).contains("error event in the stream: The server had an error");
    assertThat(s.hasNext()).isFalse();
    s.close();
  }

  @Test
  void aMidStreamRateLimitKeepsItsKind() {
    api.enqueueSse(
        j("{'error':{'message':'slow down','type':'tokens','code':'rate_limit_exceeded'}}"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> drain(api.openai("gpt-4o").stream(Request.of(Message.user("x")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.providerCode()).contains("rate_limit_exceeded");
  }

  @Test
  void aMalformedChunkIsTransient() {
    api.enqueueSse(delta("{'content':'a'}", null), "{not json");
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> drain(api.openai("gpt-4o").stream(Request.of(Message.user("x")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("a stream chunk is not valid JSON");
  }

  @Test
  void aStreamCutOffBeforeItsEndIsTruncated() {
    api.enqueueSse(delta("{'content':'Once upon'}", null));
    ResponseStream s = api.openai("gpt-4o").stream(Request.of(Message.user("x")));
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("Once upon"));
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("stream ended before the reply was complete");
  }

  @Test
  void aStreamWithAFinishReasonButNoDoneMarkerIsComplete() {
    api.enqueueSse(delta("{'content':'ok'}", "stop"));
    assertThat(drain(api.openai("gpt-4o").stream(Request.of(Message.user("x")))))
        .containsExactly(new StreamEvent.TextDelta("ok"), done(FinishReason.STOP));
  }

  @Test
  void aDisconnectMidStreamIsTransient() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      body.append("data: ").append(delta("{'content':'word '}", null)).append("\n\n");
    }
    api.server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/event-stream")
            .body(body.toString())
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    ResponseStream s = api.openai("gpt-4o").stream(Request.of(Message.user("x")));
    LlmException e = catchThrowableOfType(LlmException.class, () -> drain(s));
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void closingTheStreamCancelsTheHttpCall() throws Exception {
    // The first event arrives, then the server trickles the rest: the call is still open.
    StringBuilder body = new StringBuilder("data: " + delta("{'content':'first'}", null) + "\n\n");
    for (int i = 0; i < 100; i++) {
      body.append("data: ").append(delta("{'content':'more'}", null)).append("\n\n");
    }
    api.server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/event-stream")
            .body(body.toString())
            .throttleBody(300, 1, TimeUnit.SECONDS)
            .build());
    ResponseStream s = api.openai("gpt-4o").stream(Request.of(Message.user("x")));
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("first"));
    assertThat(api.cancelled).isEmpty();
    s.close();
    assertThat(api.cancelled).hasSize(1);
    assertThat(s.hasNext()).isFalse();
  }

  @Test
  void anHttpErrorBeforeTheStreamIsThrownAtOnce() {
    api.enqueueError(
        429,
        j("{'error':{'message':'quota','type':'insufficient_quota','code':'insufficient_quota'}}"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").stream(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA);
    assertThat(e.status()).hasValue(429);
  }
}
