package dev.majordomo.provider.openai;

import static dev.majordomo.provider.openai.MockOpenAi.json;
import static dev.majordomo.provider.openai.OpenAiChatTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.ReasoningEffort;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code openai} scheme with {@code api=responses}: {@code POST /v1/responses}, every request
 * valid against {@code CreateResponse}. The reply bodies follow the response object of
 * https://platform.openai.com/docs/api-reference/responses/object and the function-calling guide
 * https://platform.openai.com/docs/guides/function-calling (no recorded capture of this API is
 * kept).
 */
class OpenAiResponsesTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** A completed response with {@code output} and {@code usage} in place. */
  static String response(String status, String output, String usage, String rest) {
    return j(
        "{'id':'resp_67ccd2bed1ec8190b14f964abc054267','object':'response','created_at':1741476542,"
            + "'status':'"
            + status
            + "','error':null,'incomplete_details':"
            + rest
            + ",'instructions':null,'max_output_tokens':null,'model':'gpt-4.1-2025-04-14',"
            + "'output':"
            + output
            + ",'parallel_tool_calls':true,'previous_response_id':null,'store':false,"
            + "'temperature':1.0,'tool_choice':'auto','tools':[],'top_p':1.0,'truncation':'disabled',"
            + "'usage':"
            + usage
            + ",'user':null,'metadata':{}}");
  }

  static final String USAGE =
      "{'input_tokens':36,'input_tokens_details':{'cached_tokens':12},'output_tokens':87,"
          + "'output_tokens_details':{'reasoning_tokens':20},'total_tokens':123}";

  static String message(String text) {
    return "{'type':'message','id':'msg_67ccd2bf17f0819081ff3bb2cf6508e6','status':'completed',"
        + "'role':'assistant','content':[{'type':'output_text','text':'"
        + text
        + "','annotations':[]}]}";
  }

  static final String TEXT_REPLY =
      response(
          "completed",
          "[" + message("In a peaceful grove beneath a silver moon.") + "]",
          USAGE,
          "null");

  @Test
  void textGoesToV1ResponsesStatelessAndComesBackWithUsage() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    Response r =
        api.responses("gpt-4.1")
            .call(
                Request.of(Message.system("Be brief."), Message.user("Tell me a story."))
                    .withOptions(
                        GenerationOptions.DEFAULTS
                            .withMaxTokens(64)
                            .withTemperature(0.5)
                            .withTopP(0.9)));

    JsonNode body = api.takeResponsesBody();
    assertThat(body)
        .isEqualTo(
            json(
                j(
                    "{'model':'gpt-4.1','input':["
                        + "{'type':'message','role':'system','content':'Be brief.'},"
                        + "{'type':'message','role':'user','content':'Tell me a story.'}],"
                        + "'max_output_tokens':64,'temperature':0.5,'top_p':0.9,'store':false}")));
    assertThat(r.message().text()).isEqualTo("In a peaceful grove beneath a silver moon.");
    assertThat(r.usage()).isEqualTo(new Usage(36, 87, 12, 20));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.id()).isEqualTo("resp_67ccd2bed1ec8190b14f964abc054267");
    assertThat(r.model()).isEqualTo("gpt-4.1-2025-04-14");
  }

  @Test
  void imagesAreInputImagesAsDataOrHttpsUrls() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    byte[] png = Base64.getDecoder().decode(TINY_PNG);
    api.responses("gpt-4.1")
        .call(
            Request.of(
                Message.user(
                    List.of(
                        Part.text("What is in these?"),
                        Part.image(Image.fromBytes(png)),
                        Part.image(Image.fromUrl(URI.create("https://example.com/cat.jpg")))))));
    JsonNode content = api.takeResponsesBody().get("input").get(0).get("content");
    assertThat(content)
        .isEqualTo(
            json(
                j(
                    "[{'type':'input_text','text':'What is in these?'},"
                        + "{'type':'input_image','image_url':'data:image/png;base64,"
                        + TINY_PNG
                        + "','detail':'auto'},"
                        + "{'type':'input_image','image_url':'https://example.com/cat.jpg','detail':'auto'}]")));
  }

  static final String TINY_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  @Test
  void functionCallsAndTheirOutputsAreMatchedByCallId() throws Exception {
    api.enqueueJson(
        response(
                "completed",
                "[{'type':'function_call','id':'fc_12345xyz','call_id':'call_12345xyz',"
                    + "'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}','status':'completed'},"
                    + "{'type':'function_call','id':'fc_67890abc','call_id':'call_67890abc',"
                    + "'name':'get_time','arguments':'{}','status':'completed'}]",
                USAGE,
                "null")
            .replace("\\'", "\\\""));
    Model model = api.responses("gpt-4.1");
    Request first =
        Request.of(Message.user("Weather and time in Paris?"))
            .withTools(List.of(OpenAiChatTest.WEATHER, OpenAiChatTest.TIME));
    Response r1 = model.call(first);

    assertThat(api.takeResponsesBody().get("tools"))
        .isEqualTo(
            json(
                j(
                    "[{'type':'function','name':'get_weather','description':'Current weather for a city',"
                        + "'parameters':{'type':'object','properties':{'city':{'type':'string'}},"
                        + "'required':['city'],'additionalProperties':false},'strict':false},"
                        + "{'type':'function','name':'get_time','parameters':{'type':'object',"
                        + "'properties':{}},'strict':false}]")));
    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    Part.ToolCall weather =
        new Part.ToolCall("call_12345xyz", "get_weather", "{\"city\":\"Paris\"}");
    Part.ToolCall time = new Part.ToolCall("call_67890abc", "get_time", "{}");
    assertThat(r1.message().parts()).containsExactly(weather, time);

    api.enqueueJson(TEXT_REPLY);
    model.call(
        first.followedBy(
            r1.message(),
            Message.toolResults(
                List.of(
                    Part.ToolResult.success(weather, "18C, sunny"),
                    Part.ToolResult.error(time, "clock broken")))));
    JsonNode input = api.takeResponsesBody().get("input");
    assertThat(input)
        .isEqualTo(
            json(
                j("[{'type':'message','role':'user','content':'Weather and time in Paris?'},"
                        + "{'type':'function_call','call_id':'call_12345xyz','name':'get_weather',"
                        + "'arguments':'{\\'city\\':\\'Paris\\'}'},"
                        + "{'type':'function_call','call_id':'call_67890abc','name':'get_time','arguments':'{}'},"
                        + "{'type':'function_call_output','call_id':'call_12345xyz','output':'18C, sunny'},"
                        + "{'type':'function_call_output','call_id':'call_67890abc',"
                        + "'output':'Error: clock broken'}]")
                    .replace("\\'", "\\\"")));
  }

  @Test
  void assistantTextAndCallsKeepTheirOrder() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    api.responses("gpt-4.1")
        .call(
            Request.of(
                Message.user("hi"),
                Message.assistant(
                    List.of(
                        Part.text("Let me look."), new Part.ToolCall("call_1", "get_time", "{}"))),
                Message.toolResults(
                    List.of(new Part.ToolResult("call_1", "get_time", "noon", false))),
                Message.assistant("It is noon.")));
    JsonNode input = api.takeResponsesBody().get("input");
    assertThat(input.get(1))
        .isEqualTo(json(j("{'type':'message','role':'assistant','content':'Let me look.'}")));
    assertThat(input.get(2).get("type").asText()).isEqualTo("function_call");
    assertThat(input.get(3).get("type").asText()).isEqualTo("function_call_output");
    assertThat(input.get(4))
        .isEqualTo(json(j("{'type':'message','role':'assistant','content':'It is noon.'}")));
  }

  @Test
  void toolImagesGoInTheOutputContentList() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    byte[] png = Base64.getDecoder().decode(TINY_PNG);
    Part.ToolCall shot = new Part.ToolCall("call_9", "screenshot", "{}");
    api.responses("gpt-4.1")
        .call(
            Request.of(
                Message.user("look"),
                Message.assistant(List.of(shot)),
                Message.toolResults(
                    List.of(
                        Part.ToolResult.success(shot, "one image")
                            .withImages(List.of(Image.fromBytes(png)))))));
    JsonNode output = api.takeResponsesBody().get("input").get(2);
    assertThat(output)
        .isEqualTo(
            json(
                j(
                    "{'type':'function_call_output','call_id':'call_9','output':["
                        + "{'type':'input_text','text':'one image'},"
                        + "{'type':'input_image','image_url':'data:image/png;base64,"
                        + TINY_PNG
                        + "','detail':'auto'}]}")));
  }

  @Test
  void structuredOutputIsTextFormatWithAStrictSchema() throws Exception {
    api.enqueueJson(response("completed", "[" + message("{}") + "]", USAGE, "null"));
    String schema =
        j("{'type':'object','properties':{'city':{'type':'string'},'days':{'type':'integer'}}}");
    api.responses("gpt-4.1")
        .call(
            Request.of(Message.user("Plan Rome"))
                .withResponseSchema(new ResponseSchema("Itinerary", schema)));
    assertThat(api.takeResponsesBody().get("text"))
        .isEqualTo(
            json(
                j(
                    "{'format':{'type':'json_schema','name':'Itinerary','strict':true,'schema':"
                        + "{'type':'object','properties':{'city':{'type':'string'},"
                        + "'days':{'type':'integer'}},'required':['city','days'],"
                        + "'additionalProperties':false}}}")));
  }

  @Test
  void aSchemaOutsideTheStrictSubsetFailsBeforeSending() {
    String map = j("{'type':'object','additionalProperties':{'type':'string'}}");
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                api.responses("gpt-4.1")
                    .call(
                        Request.of(Message.user("x"))
                            .withResponseSchema(new ResponseSchema("Map", map))));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("response schema Map");
    assertThat(api.server.getRequestCount()).isZero();
  }

  @Test
  void incompleteResponsesSayWhy() throws Exception {
    api.enqueueJson(
        response(
            "incomplete",
            "[" + message("Once upon") + "]",
            USAGE,
            "{'reason':'max_output_tokens'}"));
    api.enqueueJson(response("incomplete", "[]", USAGE, "{'reason':'content_filter'}"));
    Model model = api.responses("gpt-4.1");
    Response cut = model.call(Request.of(Message.user("x")));
    assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(cut.message().text()).isEqualTo("Once upon");
    assertThat(model.call(Request.of(Message.user("x"))).finishReason())
        .isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void aRefusalIsTextWithTheContentFilterReason() throws Exception {
    api.enqueueJson(
        response(
            "completed",
            "[{'type':'message','id':'msg_1','status':'completed','role':'assistant','content':"
                + "[{'type':'refusal','refusal':'I cannot help with that.'}]}]",
            USAGE,
            "null"));
    Response r = api.responses("gpt-4.1").call(Request.of(Message.user("x")));
    assertThat(r.message().text()).isEqualTo("I cannot help with that.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void reasoningModelsAskForEncryptedReasoningOthersDoNot() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    api.enqueueJson(TEXT_REPLY);
    api.enqueueJson(TEXT_REPLY);
    api.responses("o4-mini").call(Request.of(Message.user("x")));
    assertThat(api.takeResponsesBody().get("include"))
        .isEqualTo(json("[\"reasoning.encrypted_content\"]"));
    api.responses("gpt-5-mini").call(Request.of(Message.user("x")));
    assertThat(api.takeResponsesBody().get("include")).hasSize(1);
    api.responses("gpt-4o").call(Request.of(Message.user("x")));
    assertThat(api.takeResponsesBody().has("include")).isFalse();
  }

  @Test
  void stopSequencesCannotBeServedSoAChainSkipsTheTarget() {
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                api.responses("gpt-4.1")
                    .call(
                        Request.of(Message.user("x"))
                            .withOptions(GenerationOptions.DEFAULTS.withStop(List.of("END")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(e.getMessage()).contains("stop sequences", "api=chat");
    assertThat(api.server.getRequestCount()).isZero();
  }

  @Test
  void aSeedIsLeftOut() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    api.responses("gpt-4.1")
        .call(Request.of(Message.user("x")).withOptions(GenerationOptions.DEFAULTS.withSeed(7L)));
    assertThat(api.takeResponsesBody().has("seed")).isFalse();
  }

  @Test
  void aFailedResponseInA200IsAnError() throws Exception {
    api.enqueueJson(
        j(
            "{'id':'resp_1','object':'response','status':'failed','error':{'code':'server_error',"
                + "'message':'The model failed.'},'output':[],'usage':null}"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.responses("gpt-4.1").call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("The model failed.");
  }

  @Test
  void aReplyWithoutOutputIsMalformed() {
    api.enqueueJson(j("{'id':'resp_1','object':'response','status':'completed'}"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.responses("gpt-4.1").call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("no output");
  }

  @Test
  void theApiKeyPicksTheProtocolAndChatIsTheDefault() throws Exception {
    OpenAiProvider provider = new OpenAiProvider();
    assertThat(provider.parameterKeys()).contains("api");
    api.enqueueJson(OpenAiChatTest.MINIMAL_REPLY);
    provider
        .open(
            api.spec("openai", "gpt-4o", Map.of("api", "chat")),
            TestContext.of(api.client, Map.of()))
        .call(Request.of(Message.user("x")));
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    api.enqueueJson(OpenAiChatTest.MINIMAL_REPLY);
    api.openai("gpt-4o").call(Request.of(Message.user("x")));
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void anUnknownApiIsAConfigurationErrorNamingTheChoices() {
    OpenAiProvider provider = new OpenAiProvider();
    ProviderConfigException e =
        catchThrowableOfType(
            ProviderConfigException.class,
            () ->
                provider.open(
                    api.spec("openai", "gpt-4o", Map.of("api", "assistants")),
                    TestContext.of(api.client, Map.of())));
    assertThat(e.getMessage()).contains("api must be chat or responses", "assistants");
  }

  @Test
  void compatibleProvidersWithoutTheResponsesApiRefuseTheKey() {
    OpenAiCompatibleProvider acme =
        OpenAiCompatibleProvider.builder("acme").defaultHost("llm.acme.internal").build();
    assertThat(acme.parameterKeys()).doesNotContain("api");
    ProviderConfigException e =
        catchThrowableOfType(
            ProviderConfigException.class,
            () ->
                acme.open(
                    api.spec("acme", "m", Map.of("api", "responses")),
                    TestContext.of(api.client, Map.of())));
    assertThat(e.getMessage()).contains("api");
  }

  // Reasoning items as the reasoning guide shows them
  // (https://platform.openai.com/docs/guides/reasoning#keeping-reasoning-items-in-context), with
  // encrypted content as
  // https://platform.openai.com/docs/guides/reasoning#encrypted-reasoning-items
  // returns it for include: ["reasoning.encrypted_content"].
  static final String REASONING_ITEM =
      "{'type':'reasoning','id':'rs_6876cf02e0bc8192b74af0fb64b715ff',"
          + "'summary':[{'type':'summary_text','text':'**Checking the weather**'},"
          + "{'type':'summary_text','text':'The user wants Paris.'}],"
          + "'encrypted_content':'gAAAAABoEncryptedBlob=='}";

  @Test
  void reasoningItemsComeBackAsReasoningPartsAndAreReplayedWithTheirEncryptedContent()
      throws Exception {
    api.enqueueJson(
        response(
            "completed",
            "["
                + REASONING_ITEM
                + ",{'type':'function_call','id':'fc_1','call_id':'call_1','name':'get_time',"
                + "'arguments':'{}','status':'completed'}]",
            USAGE,
            "null"));
    Model model = api.responses("o4-mini");
    Request first = Request.of(Message.user("time?")).withTools(List.of(OpenAiChatTest.TIME));
    Response r1 = model.call(first);
    api.takeResponsesBody();

    Part.Reasoning reasoning =
        new Part.Reasoning(
            "**Checking the weather**\n\nThe user wants Paris.",
            "gAAAAABoEncryptedBlob==",
            null,
            Part.Reasoning.OPENAI_RESPONSES,
            "rs_6876cf02e0bc8192b74af0fb64b715ff");
    Part.ToolCall call = new Part.ToolCall("call_1", "get_time", "{}");
    assertThat(r1.message().parts()).containsExactly(reasoning, call);

    api.enqueueJson(TEXT_REPLY);
    model.call(
        first.followedBy(
            r1.message(), Message.toolResults(List.of(Part.ToolResult.success(call, "noon")))));
    JsonNode input = api.takeResponsesBody().get("input");
    assertThat(input.get(1))
        .isEqualTo(
            json(
                j(
                    "{'type':'reasoning','id':'rs_6876cf02e0bc8192b74af0fb64b715ff','summary':"
                        + "[{'type':'summary_text','text':'**Checking the weather**\\n\\nThe user wants Paris.'}],"
                        + "'encrypted_content':'gAAAAABoEncryptedBlob=='}")));
    assertThat(input.get(2).get("type").asText()).isEqualTo("function_call");
  }

  @Test
  void reasoningFromOtherWiresOrWithoutEncryptedContentIsNotSent() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    api.responses("o4-mini")
        .call(
            Request.of(
                Message.user("hi"),
                Message.assistant(
                    List.of(
                        Part.Reasoning.anthropic("thinking", "sig"),
                        Part.Reasoning.anthropicRedacted("opaque"),
                        new Part.Reasoning(
                            "no blob", null, null, Part.Reasoning.OPENAI_RESPONSES, "rs_1"),
                        Part.text("Hello."))),
                Message.user("again")));
    JsonNode input = api.takeResponsesBody().get("input");
    assertThat(input).hasSize(3);
    assertThat(input.get(1))
        .isEqualTo(json(j("{'type':'message','role':'assistant','content':'Hello.'}")));
  }

  @Test
  void theReasoningOptionIsAnEffortForReasoningModelsOnly() throws Exception {
    for (int i = 0; i < 4; i++) {
      api.enqueueJson(TEXT_REPLY);
    }
    GenerationOptions high = GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.HIGH);
    api.responses("o4-mini").call(Request.of(Message.user("x")).withOptions(high));
    assertThat(api.takeResponsesBody().get("reasoning"))
        .isEqualTo(json(j("{'effort':'high','summary':'auto'}")));

    api.responses("gpt-5")
        .call(
            Request.of(Message.user("x"))
                .withOptions(GenerationOptions.DEFAULTS.withReasoningBudgetTokens(2000)));
    assertThat(api.takeResponsesBody().get("reasoning"))
        .isEqualTo(json(j("{'effort':'low','summary':'auto'}")));

    api.responses("gpt-5.1")
        .call(
            Request.of(Message.user("x"))
                .withOptions(GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.NONE)));
    assertThat(api.takeResponsesBody().get("reasoning")).isEqualTo(json(j("{'effort':'none'}")));

    // gpt-4.1 cannot reason: the option is ignored rather than refused.
    api.responses("gpt-4.1").call(Request.of(Message.user("x")).withOptions(high));
    assertThat(api.takeResponsesBody().has("reasoning")).isFalse();
  }

  @Test
  void severalTextPartsStayApartAsInputTextParts() throws Exception {
    api.enqueueJson(TEXT_REPLY);
    api.responses("gpt-4.1")
        .call(
            Request.of(
                new Message(
                    dev.majordomo.llm.Role.SYSTEM,
                    List.of(Part.text("Rule one."), Part.text("Rule two."))),
                Message.user(List.of(Part.text("Part A"), Part.text("Part B")))));
    JsonNode input = api.takeResponsesBody().get("input");
    assertThat(input.get(0).get("content"))
        .isEqualTo(
            json(
                j(
                    "[{'type':'input_text','text':'Rule one.'},"
                        + "{'type':'input_text','text':'Rule two.'}]")));
    assertThat(input.get(1).get("content"))
        .isEqualTo(
            json(
                j(
                    "[{'type':'input_text','text':'Part A'},{'type':'input_text','text':'Part B'}]")));
  }
}
