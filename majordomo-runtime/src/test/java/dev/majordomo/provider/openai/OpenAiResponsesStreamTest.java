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
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming on the Responses API: its typed events as
 * https://platform.openai.com/docs/api-reference/responses-streaming describes them (text deltas,
 * function-call items and argument deltas, completed, incomplete, failed, error), and truncation.
 */
class OpenAiResponsesStreamTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
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

  private static final String ID = "resp_67c9fdcecf488190bdd9a0409de3a1ec";
  private static final String MODEL = "gpt-4.1-2025-04-14";

  private static String created(int seq) {
    return j(
        "{'type':'response.created','sequence_number':"
            + seq
            + ",'response':{'id':'"
            + ID
            + "','object':'response','created_at':1741290958,'status':'in_progress',"
            + "'error':null,'incomplete_details':null,'model':'"
            + MODEL
            + "','output':[],'usage':null}}");
  }

  private static String completed(String type, String status, String incomplete, String output) {
    return j(
        "{'type':'"
            + type
            + "','sequence_number':99,'response':{'id':'"
            + ID
            + "','object':'response','status':'"
            + status
            + "','error':null,'incomplete_details':"
            + incomplete
            + ",'model':'"
            + MODEL
            + "','output':"
            + output
            + ",'usage':{'input_tokens':37,'input_tokens_details':{'cached_tokens':5},"
            + "'output_tokens':11,'output_tokens_details':{'reasoning_tokens':3},"
            + "'total_tokens':48}}}");
  }

  private static String textDelta(String text) {
    return j(
        "{'type':'response.output_text.delta','sequence_number':4,"
            + "'item_id':'msg_67c9fdcf37fc8190ba82116e33fb28c5','output_index':0,'content_index':0,"
            + "'delta':'"
            + text
            + "'}");
  }

  private static StreamEvent.Done done(FinishReason reason) {
    return new StreamEvent.Done(reason, ID, MODEL);
  }

  @Test
  void textDeltasUsageAndDone() throws Exception {
    api.enqueueTypedSse(
        created(0),
        j(
            "{'type':'response.output_item.added','sequence_number':2,'output_index':0,'item':"
                + "{'id':'msg_67c9fdcf37fc8190ba82116e33fb28c5','type':'message','status':'in_progress',"
                + "'role':'assistant','content':[]}}"),
        textDelta("Hi"),
        textDelta(" there!"),
        j(
            "{'type':'response.output_text.done','sequence_number':6,'item_id':'msg_1',"
                + "'output_index':0,'content_index':0,'text':'Hi there!'}"),
        completed("response.completed", "completed", "null", "[]"));
    List<StreamEvent> events =
        drain(api.responses("gpt-4.1").stream(Request.of(Message.user("hi"))));

    JsonNode body = api.takeResponsesBody();
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(api.server.getRequestCount()).isEqualTo(1);
    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("Hi"),
            new StreamEvent.TextDelta(" there!"),
            new StreamEvent.UsageEvent(new Usage(37, 11, 5, 3)),
            done(FinishReason.STOP));
  }

  @Test
  void functionCallsAreGatheredAndEmittedWholeAtTheirItemsEnd() throws Exception {
    api.enqueueTypedSse(
        created(0),
        j(
            "{'type':'response.output_item.added','sequence_number':1,'output_index':0,'item':"
                + "{'type':'function_call','id':'fc_1','call_id':'call_A','name':'get_weather',"
                + "'arguments':'','status':'in_progress'}}"),
        j(
            "{'type':'response.function_call_arguments.delta','sequence_number':2,'item_id':'fc_1',"
                + "'output_index':0,'delta':'{\\\"ci'}"),
        j(
            "{'type':'response.function_call_arguments.delta','sequence_number':3,'item_id':'fc_1',"
                + "'output_index':0,'delta':'ty\\\":\\\"Paris\\\"}'}"),
        j(
            "{'type':'response.function_call_arguments.done','sequence_number':4,'item_id':'fc_1',"
                + "'output_index':0,'arguments':'{\\\"city\\\":\\\"Paris\\\"}'}"),
        // The item's end without its arguments: the gathered deltas stand.
        j(
            "{'type':'response.output_item.done','sequence_number':5,'output_index':0,'item':"
                + "{'type':'function_call','id':'fc_1','status':'completed'}}"),
        j(
            "{'type':'response.output_item.added','sequence_number':6,'output_index':1,'item':"
                + "{'type':'function_call','id':'fc_2','call_id':'call_B','name':'get_time',"
                + "'arguments':'','status':'in_progress'}}"),
        j(
            "{'type':'response.output_item.done','sequence_number':7,'output_index':1,'item':"
                + "{'type':'function_call','id':'fc_2','call_id':'call_B','name':'get_time',"
                + "'arguments':'{}','status':'completed'}}"),
        completed("response.completed", "completed", "null", "[]"));
    List<StreamEvent> events =
        drain(
            api.responses("gpt-4.1").stream(
                Request.of(Message.user("weather and time"))
                    .withTools(List.of(OpenAiChatTest.WEATHER, OpenAiChatTest.TIME))));

    assertThat(api.takeResponsesBody().get("tools")).hasSize(2);
    assertThat(events)
        .containsExactly(
            new StreamEvent.ToolCallEvent(
                new Part.ToolCall("call_A", "get_weather", "{\"city\":\"Paris\"}")),
            new StreamEvent.ToolCallEvent(new Part.ToolCall("call_B", "get_time", "{}")),
            new StreamEvent.UsageEvent(new Usage(37, 11, 5, 3)),
            done(FinishReason.TOOL_CALLS));
  }

  @Test
  void anIncompleteResponseEndsTheStreamWithItsReason() throws Exception {
    api.enqueueTypedSse(
        created(0),
        textDelta("Once"),
        completed("response.incomplete", "incomplete", "{'reason':'max_output_tokens'}", "[]"));
    List<StreamEvent> events =
        drain(api.responses("gpt-4.1").stream(Request.of(Message.user("story"))));
    assertThat(events.get(events.size() - 1)).isEqualTo(done(FinishReason.LENGTH));
  }

  @Test
  void aRefusalStreamsAsTextWithTheContentFilterReason() throws Exception {
    api.enqueueTypedSse(
        created(0),
        j(
            "{'type':'response.refusal.delta','sequence_number':1,'item_id':'msg_1',"
                + "'output_index':0,'content_index':0,'delta':'No.'}"),
        completed("response.completed", "completed", "null", "[]"));
    List<StreamEvent> events =
        drain(api.responses("gpt-4.1").stream(Request.of(Message.user("x"))));
    assertThat(events.get(0)).isEqualTo(new StreamEvent.TextDelta("No."));
    assertThat(events.get(events.size() - 1)).isEqualTo(done(FinishReason.CONTENT_FILTER));
  }

  @Test
  void aFailedResponseFailsTheStreamWithItsCode() {
    api.enqueueTypedSse(
        created(0),
        textDelta("Hel"),
        j(
            "{'type':'response.failed','sequence_number':3,'response':{'id':'"
                + ID
                + "','object':'response','status':'failed','error':{'code':'server_error',"
                + "'message':'The model failed to generate a response.'},'output':[]}}"));
    List<StreamEvent> seen = new ArrayList<>();
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> {
              try (ResponseStream s =
                  api.responses("gpt-4.1").stream(Request.of(Message.user("x")))) {
                while (s.hasNext()) {
                  seen.add(s.next());
                }
              }
            });
    assertThat(seen).containsExactly(new StreamEvent.TextDelta("Hel"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("The model failed to generate a response.");
  }

  @Test
  void anErrorEventIsMappedByItsCode() {
    api.enqueueTypedSse(
        created(0),
        j(
            "{'type':'error','sequence_number':1,'code':'rate_limit_exceeded',"
                + "'message':'Rate limit reached for gpt-4.1','param':null}"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> drain(api.responses("gpt-4.1").stream(Request.of(Message.user("x")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("Rate limit reached");
  }

  @Test
  void aContextLengthErrorEventIsContextLength() {
    api.enqueueTypedSse(
        j(
            "{'type':'error','sequence_number':0,'code':'context_length_exceeded',"
                + "'message':'Your input exceeds the context window of this model.','param':'input'}"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> drain(api.responses("gpt-4.1").stream(Request.of(Message.user("x")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void aStreamThatEndsBeforeCompletedIsTruncated() {
    api.enqueueTypedSse(created(0), textDelta("Hel"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> drain(api.responses("gpt-4.1").stream(Request.of(Message.user("x")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("no response.completed");
  }

  @Test
  void aFunctionCallThatNeverFinishesIsMalformed() {
    api.enqueueTypedSse(
        created(0),
        j(
            "{'type':'response.output_item.added','sequence_number':1,'output_index':0,'item':"
                + "{'type':'function_call','id':'fc_1','call_id':'call_A','name':'get_time',"
                + "'arguments':'','status':'in_progress'}}"),
        completed("response.completed", "completed", "null", "[]"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> drain(api.responses("gpt-4.1").stream(Request.of(Message.user("x")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("never finished");
  }

  @Test
  void reasoningSummariesStreamAsDeltasThenTheWholePart() throws Exception {
    api.enqueueTypedSse(
        created(0),
        j(
            "{'type':'response.output_item.added','sequence_number':1,'output_index':0,'item':"
                + "{'type':'reasoning','id':'rs_1','summary':[]}}"),
        j(
            "{'type':'response.reasoning_summary_text.delta','sequence_number':2,'item_id':'rs_1',"
                + "'output_index':0,'summary_index':0,'delta':'**Thinking'}"),
        j(
            "{'type':'response.reasoning_summary_text.delta','sequence_number':3,'item_id':'rs_1',"
                + "'output_index':0,'summary_index':0,'delta':' hard**'}"),
        j(
            "{'type':'response.output_item.done','sequence_number':4,'output_index':0,'item':"
                + "{'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text',"
                + "'text':'**Thinking hard**'}],'encrypted_content':'gAAAAB=='}}"),
        j(
            "{'type':'response.output_item.added','sequence_number':5,'output_index':1,'item':"
                + "{'type':'function_call','id':'fc_1','call_id':'call_1','name':'get_time',"
                + "'arguments':'','status':'in_progress'}}"),
        j(
            "{'type':'response.output_item.done','sequence_number':6,'output_index':1,'item':"
                + "{'type':'function_call','id':'fc_1','call_id':'call_1','name':'get_time',"
                + "'arguments':'{}','status':'completed'}}"),
        completed("response.completed", "completed", "null", "[]"));
    List<StreamEvent> events =
        drain(
            api.responses("o4-mini").stream(
                Request.of(Message.user("time?")).withTools(List.of(OpenAiChatTest.TIME))));
    assertThat(api.takeResponsesBody().get("include")).hasSize(1);
    assertThat(events)
        .containsExactly(
            new StreamEvent.ReasoningDelta("**Thinking"),
            new StreamEvent.ReasoningDelta(" hard**"),
            new StreamEvent.ReasoningEvent(
                new Part.Reasoning(
                    "**Thinking hard**",
                    "gAAAAB==",
                    null,
                    Part.Reasoning.OPENAI_RESPONSES,
                    "rs_1")),
            new StreamEvent.ToolCallEvent(new Part.ToolCall("call_1", "get_time", "{}")),
            new StreamEvent.UsageEvent(new Usage(37, 11, 5, 3)),
            done(FinishReason.TOOL_CALLS));
  }
}
