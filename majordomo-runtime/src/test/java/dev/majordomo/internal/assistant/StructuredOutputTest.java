package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.TestTools.cityPlan;
import static dev.majordomo.internal.assistant.TestTools.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.JsonDecodingException;
import dev.majordomo.Reply;
import dev.majordomo.StructuredOutputException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.llm.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {
  record City(String name, int population) {}

  private static final ReplyDecoder<City> CITY =
      ReplyDecoder.json(
          node ->
              new City(
                  Json.requiredField(node, "$", "name", Json::string),
                  Json.requiredField(node, "$", "population", Json::int32)));

  private final ScriptedModel model = new ScriptedModel();
  private final AssistantRuntime runtime = runtime(model);

  @Test
  void decodesAJsonReply() {
    model.reply("{\"name\":\"Oslo\",\"population\":709000}");

    Reply<City> reply = runtime.call(cityPlan(), Toolbox.empty(), CallPrompt.of(null, "?"), CITY);

    assertThat(reply.value()).isEqualTo(new City("Oslo", 709000));
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void toleratesACodeFenceAndProseAroundIt() {
    model.reply("Here you go:\n```json\n{\"name\":\"Oslo\",\"population\":1}\n```\nEnjoy!");

    assertThat(runtime.call(cityPlan(), Toolbox.empty(), CallPrompt.of(null, "?"), CITY).value())
        .isEqualTo(new City("Oslo", 1));
  }

  @Test
  void aReplyThatDoesNotDecodeIsRetriedOnceWithTheErrorAndTheSchema() {
    model
        .reply("{\"name\":\"Oslo\",\"population\":\"lots\"}", new Usage(10, 4, 0, 0))
        .reply("{\"name\":\"Oslo\",\"population\":709000}", new Usage(30, 6, 0, 0));

    Reply<City> reply =
        runtime.call(cityPlan(), Toolbox.empty(), CallPrompt.of("sys", "Which city?"), CITY);

    assertThat(reply.value()).isEqualTo(new City("Oslo", 709000));
    assertThat(reply.usage()).isEqualTo(new Usage(40, 10, 0, 0));
    List<Message> retry = model.requests().get(1).messages();
    assertThat(retry)
        .extracting(Message::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
    assertThat(retry.get(2).text()).isEqualTo("{\"name\":\"Oslo\",\"population\":\"lots\"}");
    assertThat(retry.get(3).text())
        .contains("$.population: expected an integer (int) but found a string (\"lots\")")
        .contains(TestTools.CITY_SCHEMA.json());
  }

  @Test
  void aSecondFailureCarriesTheRawTextAndBothErrors() {
    model.reply("I think it is Oslo.").reply("{\"name\":\"Oslo\"}");

    assertThatThrownBy(
            () -> runtime.call(cityPlan(), Toolbox.empty(), CallPrompt.of(null, "?"), CITY))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.rawText()).isEqualTo("{\"name\":\"Oslo\"}");
              assertThat(e.getCause())
                  .isInstanceOf(JsonDecodingException.class)
                  .hasMessageContaining("$.population: missing required field 'population'");
              assertThat(e.getSuppressed()).hasSize(1);
              assertThat(e.getSuppressed()[0]).hasMessageContaining("not valid JSON");
              assertThat(e.getMessage())
                  .contains("Agent.city")
                  .contains("as City")
                  .contains("{\"name\":\"Oslo\"}");
            });
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void theRepairRoundMayUseToolsAgain() {
    Toolbox census = Toolbox.of(TestTools.tool("census", args -> "709000"));
    model
        .reply("not json")
        .replyToolCalls(ScriptedModel.call("c", "census", "{}"))
        .reply("{\"name\":\"Oslo\",\"population\":709000}");

    Reply<City> reply = runtime.call(cityPlan(), census, CallPrompt.of(null, "?"), CITY);

    assertThat(reply.value().population()).isEqualTo(709000);
    assertThat(reply.toolCalls()).hasSize(1);
  }

  @Test
  void textDecoderNeverRetries() {
    model.reply("not json at all");

    assertThat(
            runtime
                .call(
                    TestTools.plan(), Toolbox.empty(), CallPrompt.of(null, "?"), ReplyDecoder.TEXT)
                .value())
        .isEqualTo("not json at all");
  }

  @Test
  void aDecoderOfAPlanWithoutSchemaAsksForJsonOnly() {
    ReplyDecoder<Integer> number = ReplyDecoder.json(node -> Json.int32(node, "$"));
    model.reply("forty-two").reply("42");

    assertThat(
            runtime
                .call(TestTools.plan(), Toolbox.empty(), CallPrompt.of(null, "?"), number)
                .value())
        .isEqualTo(42);
    assertThat(model.lastRequest().messages().get(2).text())
        .contains("Answer again with only the JSON document");
  }

  @Test
  void anEmptyReplyIsRepairedWithoutAnEmptyAssistantTurn() {
    model
        .reply(
            new dev.majordomo.llm.Response(
                new Message(Role.ASSISTANT, List.of()),
                Usage.NONE,
                dev.majordomo.llm.FinishReason.LENGTH,
                null,
                List.of()))
        .reply("{\"name\":\"Oslo\",\"population\":1}");

    Reply<City> reply = runtime.call(cityPlan(), Toolbox.empty(), CallPrompt.of(null, "?"), CITY);

    assertThat(reply.value()).isEqualTo(new City("Oslo", 1));
    assertThat(model.lastRequest().messages())
        .extracting(Message::role)
        .containsExactly(Role.USER, Role.USER);
    assertThat(model.lastRequest().messages().get(1).text())
        .contains("$: expected a JSON document but the text is empty");
  }
}
