package dev.majordomo.provider.openai;

import static dev.majordomo.provider.openai.MockOpenAi.json;
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
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import dev.majordomo.provider.WireCaptures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Non-streaming requests and replies, field by field against OpenAI's Chat Completions API
 * reference.
 */
class OpenAiChatTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** JSON with single quotes, for readable fixtures. */
  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static final String MINIMAL_REPLY =
      j(
          "{'id':'chatcmpl-abc123','object':'chat.completion','created':1735689600,"
              + "'model':'gpt-4o-mini-2024-07-18','choices':[{'index':0,'message':{'role':'assistant',"
              + "'content':'Hi!','refusal':null,'annotations':[]},'logprobs':null,'finish_reason':'stop'}],"
              + "'usage':{'prompt_tokens':9,'completion_tokens':2,'total_tokens':11,"
              + "'prompt_tokens_details':{'cached_tokens':0,'audio_tokens':0},"
              + "'completion_tokens_details':{'reasoning_tokens':0,'audio_tokens':0,"
              + "'accepted_prediction_tokens':0,'rejected_prediction_tokens':0}},"
              + "'service_tier':'default','system_fingerprint':'fp_0123456789'}");

  @Test
  void plainReplyMatchesTheReferenceMinimalPair() throws Exception {
    api.enqueueJson(MINIMAL_REPLY);
    Model model = api.openai("gpt-4o-mini");
    Response r =
        model.call(
            Request.of(Message.user("Say hi"))
                .withOptions(GenerationOptions.DEFAULTS.withMaxTokens(16)));

    assertThat(api.takeBody())
        .isEqualTo(
            json(
                j(
                    "{'model':'gpt-4o-mini','messages':[{'role':'user','content':'Say hi'}],"
                        + "'max_completion_tokens':16}")));
    assertThat(r.text()).isEqualTo("Hi!");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(new Usage(9, 2, 0, 0));
    assertThat(r.toolCalls()).isEmpty();
  }

  @Test
  void requestHeadersAndAcceptedUsageDetails() throws Exception {
    api.enqueueJson(
        j(
            "{'choices':[{'index':0,'message':{'role':'assistant','content':'ok'},'finish_reason':'length'}],"
                + "'usage':{'prompt_tokens':1200,'completion_tokens':300,"
                + "'prompt_tokens_details':{'cached_tokens':1024},"
                + "'completion_tokens_details':{'reasoning_tokens':256}},'brand_new_field':{'x':1}}"));
    Response r = api.openai("o3").call(Request.of(Message.user("think")));
    var recorded = api.take();
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("User-Agent")).startsWith("majordomo-java");
    assertThat(recorded.getHeaders().get("OpenAI-Organization")).isNull();
    assertThat(r.usage()).isEqualTo(new Usage(1200, 300, 1024, 256));
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void aRecordedReplyWithCachedTokensReportsThemAsPartOfTheInput() throws Exception {
    // Wire capture oai-json-cached-tokens.json: 4012 of the 4020 prompt tokens from the cache.
    api.enqueueJson(WireCaptures.read("openai/oai-json-cached-tokens.json"));
    Response r = api.openai("gpt-5.6-sol").call(Request.of(Message.user("hi")));
    assertThat(r.usage()).isEqualTo(new Usage(4020, 4, 4012, 0, 0));
  }

  @Test
  void multiTurnHistoryWithSystemPromptAndOptions() throws Exception {
    api.enqueueJson(MINIMAL_REPLY);
    Request request =
        Request.of(
                Message.system("You are terse."),
                Message.user("Capital of France?"),
                Message.assistant("Paris."),
                Message.user("And of Italy?"))
            .withOptions(new GenerationOptions(0.2, 64, List.of("\n\n", "END"), 42L, null));
    api.openai("gpt-4o").call(request);

    assertThat(api.takeBody())
        .isEqualTo(
            json(
                j(
                    "{'model':'gpt-4o','messages':["
                        + "{'role':'system','content':'You are terse.'},"
                        + "{'role':'user','content':'Capital of France?'},"
                        + "{'role':'assistant','content':'Paris.'},"
                        + "{'role':'user','content':'And of Italy?'}],"
                        + "'max_completion_tokens':64,'temperature':0.2,'stop':['\\n\\n','END'],'seed':42}")));
  }

  @Test
  void anAssistantMessageOfOneTextIsItsContentEvenWhenEmpty() throws Exception {
    api.enqueueJson(MINIMAL_REPLY);
    api.openai("gpt-4o")
        .call(Request.of(Message.user("a"), Message.assistant(""), Message.user("b")));

    assertThat(api.takeBody())
        .isEqualTo(
            json(
                j(
                    "{'model':'gpt-4o','messages':["
                        + "{'role':'user','content':'a'},"
                        + "{'role':'assistant','content':''},"
                        + "{'role':'user','content':'b'}]}")));
  }

  @Test
  void topPIsSentAsTopPBesideTemperatureAndTheRequestStaysValid() throws Exception {
    api.enqueueJson(MINIMAL_REPLY);
    api.openai("gpt-4o")
        .call(
            Request.of(Message.user("x"))
                .withOptions(GenerationOptions.DEFAULTS.withTemperature(0.7).withTopP(0.9)));

    // takeBody checks the body against CreateChatCompletionRequest, where top_p is 0..1.
    JsonNode body = api.takeBody();
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
  }

  @Test
  void withoutTopPNoTopPIsSent() throws Exception {
    api.enqueueJson(MINIMAL_REPLY);
    api.openai("gpt-4o").call(Request.of(Message.user("x")));
    assertThat(api.takeBody().has("top_p")).isFalse();
  }

  @Test
  void severalTextPartsStayApartAsContentParts() throws Exception {
    api.enqueueJson(MINIMAL_REPLY);
    api.openai("gpt-4o")
        .call(
            Request.of(
                new Message(
                    dev.majordomo.llm.Role.SYSTEM,
                    List.of(Part.text("Rule one."), Part.text("Rule two."))),
                Message.user(List.of(Part.text("Part A"), Part.text("Part B")))));
    JsonNode messages = api.takeBody().get("messages");
    assertThat(messages.get(0).get("content"))
        .isEqualTo(
            json(j("[{'type':'text','text':'Rule one.'},{'type':'text','text':'Rule two.'}]")));
    assertThat(messages.get(1).get("content"))
        .isEqualTo(json(j("[{'type':'text','text':'Part A'},{'type':'text','text':'Part B'}]")));
  }

  static final ToolDefinition WEATHER =
      new ToolDefinition(
          "get_weather",
          "Current weather for a city",
          j(
              "{'type':'object','properties':{'city':{'type':'string'}},'required':['city'],"
                  + "'additionalProperties':false}"));

  static final ToolDefinition TIME =
      new ToolDefinition("get_time", "", j("{'type':'object','properties':{}}"));

  @Test
  void toolRoundTripPreservesIdsAndArgumentStrings() throws Exception {
    api.enqueueJson(
        j("{'id':'chatcmpl-1','object':'chat.completion','choices':[{'index':0,'message':{"
                + "'role':'assistant','content':null,'refusal':null,'tool_calls':["
                + "{'id':'call_A1','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},"
                + "{'id':'call_B2','type':'function','function':{'name':'get_time','arguments':'{}'}}]},"
                + "'logprobs':null,'finish_reason':'tool_calls'}],"
                + "'usage':{'prompt_tokens':44,'completion_tokens':16,'total_tokens':60}}")
            .replace("\\'", "\\\""));
    Model model = api.openai("gpt-4o");
    Request first =
        Request.of(Message.user("Weather and time in Paris?")).withTools(List.of(WEATHER, TIME));
    Response r1 = model.call(first);

    JsonNode body1 = api.takeBody();
    assertThat(body1.get("tools"))
        .isEqualTo(
            json(
                j(
                    "[{'type':'function','function':{'name':'get_weather',"
                        + "'description':'Current weather for a city','parameters':{'type':'object',"
                        + "'properties':{'city':{'type':'string'}},'required':['city'],"
                        + "'additionalProperties':false}}},"
                        + "{'type':'function','function':{'name':'get_time','parameters':"
                        + "{'type':'object','properties':{}}}}]")));
    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r1.toolCalls())
        .containsExactly(
            new Part.ToolCall("call_A1", "get_weather", "{\"city\":\"Paris\"}"),
            new Part.ToolCall("call_B2", "get_time", "{}"));
    assertThat(r1.usage()).isEqualTo(new Usage(44, 16, 0, 0));

    api.enqueueJson(MINIMAL_REPLY);
    Part.ToolCall weather = r1.toolCalls().get(0);
    Part.ToolCall time = r1.toolCalls().get(1);
    Request second =
        first.followedBy(
            r1.message(),
            Message.toolResults(
                List.of(
                    Part.ToolResult.success(weather, "{\"celsius\":11}"),
                    Part.ToolResult.error(time, "clock unavailable"))));
    model.call(second);

    JsonNode messages = api.takeBody().get("messages");
    assertThat(messages)
        .isEqualTo(
            json(
                j("[{'role':'user','content':'Weather and time in Paris?'},"
                        + "{'role':'assistant','content':null,'tool_calls':["
                        + "{'id':'call_A1','type':'function','function':{'name':'get_weather',"
                        + "'arguments':'{\\'city\\':\\'Paris\\'}'}},"
                        + "{'id':'call_B2','type':'function','function':{'name':'get_time','arguments':'{}'}}]},"
                        + "{'role':'tool','tool_call_id':'call_A1','content':'{\\'celsius\\':11}'},"
                        + "{'role':'tool','tool_call_id':'call_B2','content':'Error: clock unavailable'}]")
                    .replace("\\'", "\\\"")));
  }

  @Test
  void assistantTextBesideToolCallsIsKept() throws Exception {
    api.enqueueJson(MINIMAL_REPLY);
    Message assistant =
        Message.assistant(
            List.of(Part.text("Let me check."), new Part.ToolCall("call_1", "get_time", null)));
    api.openai("gpt-4o")
        .call(
            Request.of(
                Message.user("time?"),
                assistant,
                Message.toolResults(
                    List.of(new Part.ToolResult("call_1", "get_time", "noon", false)))));
    JsonNode messages = api.takeBody().get("messages");
    assertThat(messages.get(1).get("content").asText()).isEqualTo("Let me check.");
    assertThat(messages.get(1).at("/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
  }

  @Test
  void structuredOutputSendsAStrictNormalisedSchema() throws Exception {
    String schema =
        j(
            "{'type':'object','properties':{"
                + "'city':{'type':'string'},"
                + "'days':{'type':'array','items':{'type':'object','properties':{"
                + "'day':{'type':'integer'},'note':{'type':['string','null'],'default':null}}}},"
                + "'home':{'$ref':'#/$defs/Place','description':'where they live'}},"
                + "'$defs':{'Place':{'type':'object','properties':{'name':{'type':'string'}}}}}");
    api.enqueueJson(
        j("{'choices':[{'index':0,'message':{'role':'assistant','content':"
                + "'{\\'city\\':\\'Rome\\'}'},'finish_reason':'stop'}]}")
            .replace("\\'", "\\\""));
    Response r =
        api.openai("gpt-4o-mini")
            .call(
                Request.of(Message.user("Plan Rome"))
                    .withResponseSchema(new ResponseSchema("Itinerary", schema)));

    assertThat(api.takeBody().get("response_format"))
        .isEqualTo(
            json(
                j(
                    "{'type':'json_schema','json_schema':{'name':'Itinerary','strict':true,'schema':"
                        + "{'type':'object','properties':{"
                        + "'city':{'type':'string'},"
                        + "'days':{'type':'array','items':{'type':'object','properties':{"
                        + "'day':{'type':'integer'},'note':{'type':['string','null']}},"
                        + "'additionalProperties':false,'required':['day','note']}},"
                        + "'home':{'type':'object','properties':{'name':{'type':'string'}},"
                        + "'description':'where they live','additionalProperties':false,'required':['name']}},"
                        + "'$defs':{'Place':{'type':'object','properties':{'name':{'type':'string'}},"
                        + "'additionalProperties':false,'required':['name']}},"
                        + "'additionalProperties':false,'required':['city','days','home']}}}")));
    assertThat(r.text()).isEqualTo("{\"city\":\"Rome\"}");
  }

  @Test
  void aSchemaStrictModeCannotTakeFailsBeforeSending() {
    String map = j("{'type':'object','additionalProperties':{'type':'string'}}");
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                api.openai("gpt-4o")
                    .call(
                        Request.of(Message.user("x"))
                            .withResponseSchema(new ResponseSchema("Map", map))));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("response schema Map", "additional properties");
    assertThat(api.server.getRequestCount()).isZero();
  }

  @Test
  void aToolSchemaThatIsNotJsonFailsBeforeSending() {
    ToolDefinition broken = new ToolDefinition("broken", "", "{not json");
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                api.openai("gpt-4o")
                    .call(Request.of(Message.user("x")).withTools(List.of(broken))));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("tool broken", "not valid JSON");
    assertThat(api.server.getRequestCount()).isZero();
  }

  static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xFF0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  void imagesGoAsDataUrlsOrByReference() throws Exception {
    byte[] png = png(4, 3);
    api.enqueueJson(MINIMAL_REPLY);
    api.openai("gpt-4o")
        .call(
            Request.of(
                Message.user(
                    List.of(
                        Part.text("What is in these?"),
                        Part.image(Image.fromBytes(png)),
                        Part.image(Image.fromUrl(URI.create("https://example.com/cat.jpg")))))));

    JsonNode content = api.takeBody().at("/messages/0/content");
    assertThat(content)
        .isEqualTo(
            json(
                j(
                    "[{'type':'text','text':'What is in these?'},"
                        + "{'type':'image_url','image_url':{'url':'data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(png)
                        + "'}},"
                        + "{'type':'image_url','image_url':{'url':'https://example.com/cat.jpg'}}]")));
  }

  @Test
  void anImageOverTheLimitIsDownscaledWhenAskedTo() throws Exception {
    byte[] big = png(3000, 1000);
    api.enqueueJson(MINIMAL_REPLY);
    Model model =
        new OpenAiProvider()
            .open(
                api.spec("openai", "gpt-4o", java.util.Map.of("downscale_images", "true")),
                TestContext.of(api.client, java.util.Map.of()));
    model.call(Request.of(Message.user(List.of(Part.image(Image.fromBytes(big))))));
    String url = api.takeBody().at("/messages/0/content/0/image_url/url").asText();
    assertThat(url).startsWith("data:image/png;base64,");
    BufferedImage sent =
        ImageIO.read(
            new java.io.ByteArrayInputStream(Base64.getDecoder().decode(url.substring(22))));
    assertThat(sent.getWidth()).isEqualTo(2000);
    assertThat(sent.getHeight()).isEqualTo(666);
  }

  @Test
  void imagesCannotGoInSystemOrAssistantMessages() {
    Image image = Image.fromUrl(URI.create("https://example.com/a.png"));
    Model model = api.openai("gpt-4o");
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                model.call(
                    Request.of(
                        new Message(dev.majordomo.llm.Role.SYSTEM, List.of(Part.image(image))),
                        Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("a system message cannot hold an image");
    assertThat(
            catchThrowableOfType(
                    LlmException.class,
                    () -> model.call(Request.of(Message.assistant(List.of(Part.image(image))))))
                .getMessage())
        .contains("an assistant message can hold text and tool calls only");
  }

  @Test
  void aRefusalIsTextWithTheContentFilterReason() throws Exception {
    api.enqueueJson(
        j(
            "{'choices':[{'index':0,'message':{'role':'assistant','content':null,"
                + "'refusal':'I cannot help with that.'},'finish_reason':'stop'}]}"));
    Response r = api.openai("gpt-4o").call(Request.of(Message.user("x")));
    assertThat(r.text()).isEqualTo("I cannot help with that.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void finishReasonsMapToTheCanonicalOnes() {
    assertThat(ChatCompletionsCodec.finishReason("stop")).isEqualTo(FinishReason.STOP);
    assertThat(ChatCompletionsCodec.finishReason("length")).isEqualTo(FinishReason.LENGTH);
    assertThat(ChatCompletionsCodec.finishReason("tool_calls")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(ChatCompletionsCodec.finishReason("function_call"))
        .isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(ChatCompletionsCodec.finishReason("content_filter"))
        .isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(ChatCompletionsCodec.finishReason("something_new")).isEqualTo(FinishReason.OTHER);
    assertThat(ChatCompletionsCodec.finishReason(null)).isNull();
  }

  @Test
  void aMalformedReplyIsTransient() {
    api.enqueueJson("this is not json");
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed response: the reply is not valid JSON");
    assertThat(e.bodyExcerpt()).contains("this is not json");

    api.enqueueJson("{\"id\":\"x\",\"choices\":[]}");
    assertThat(
            catchThrowableOfType(
                    LlmException.class,
                    () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))))
                .getMessage())
        .contains("no choices");
  }

  @Test
  void anErrorObjectInA200ReplyIsAnError() {
    api.enqueueJson(
        j(
            "{'error':{'message':'quota gone','type':'insufficient_quota','code':'insufficient_quota'}}"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA);
    assertThat(e.providerCode()).contains("insufficient_quota");
  }
}
