package dev.majordomo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ToolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a test reads off the requests a fake model received. */
class FakeRequestTest {
  private static final Part.ToolCall LOOKUP = new Part.ToolCall("c1", "lookup", "{\"q\":\"x\"}");
  private static final ToolDefinition LOOKUP_TOOL =
      new ToolDefinition("lookup", "Looks up", "{\"type\":\"object\"}");
  private static final ToolDefinition CLOCK_TOOL =
      new ToolDefinition("clock", "Tells the time", "{\"type\":\"object\"}");

  private final FakeTimeSource clock = new FakeTimeSource();
  private final FakeProvider fake = new FakeProvider();
  private final Model a = fake.open("a", clock);
  private final Model b = fake.open("b", clock);

  @Test
  void accessorsReadTheSystemAndUserTextToolsAndOptions() {
    fake.model("a").reply("ok");
    Request sent =
        Request.of(
                Message.system("Be brief."),
                Message.system("Answer in French."),
                Message.user("first"),
                Message.assistant("reply"),
                Message.user("Greet Ada."))
            .withTools(List.of(LOOKUP_TOOL, CLOCK_TOOL))
            .withOptions(GenerationOptions.DEFAULTS.withTemperature(0.2).withMaxTokens(50))
            .withResponseSchema(new ResponseSchema("greeting", "{\"type\":\"object\"}"));

    a.call(sent);

    FakeRequest request = fake.lastRequest("a");
    assertThat(request.systemText()).isEqualTo("Be brief.\nAnswer in French.");
    assertThat(request.userText()).isEqualTo("Greet Ada.");
    assertThat(request.toolNames()).containsExactly("lookup", "clock");
    assertThat(request.options().temperature()).isEqualTo(0.2);
    assertThat(request.options().maxTokens()).isEqualTo(50);
    assertThat(request.schema()).map(ResponseSchema::name).contains("greeting");
    assertThat(request.messages()).isEqualTo(sent.messages());
    assertThat(request.toolResults()).isEmpty();
    assertThat(request.at()).isEqualTo(FakeTimeSource.DEFAULT_START);
  }

  @Test
  void aRequestWithoutSystemMessageOrToolsHasEmptyOnes() {
    fake.model("a").reply("ok");
    a.call(Request.of(Message.user("hi")));

    FakeRequest request = fake.lastRequest();
    assertThat(request.systemText()).isEmpty();
    assertThat(request.toolNames()).isEmpty();
    assertThat(request.schema()).isEmpty();
    assertThat(request.options()).isEqualTo(GenerationOptions.DEFAULTS);
  }

  @Test
  void toolResultsAreThoseSentBackToTheModel() {
    fake.model("a").reply("done");
    Part.ToolResult result = Part.ToolResult.success(LOOKUP, "found");

    a.call(
        Request.of(
            Message.user("look it up"),
            Message.assistant(List.of(LOOKUP)),
            Message.toolResults(List.of(result))));

    assertThat(fake.lastRequest("a").toolResults()).containsExactly(result);
    assertThat(fake.lastRequest("a").userText()).isEqualTo("look it up");
  }

  @Test
  void userTextWithoutAUserMessageFailsAsAnAssertion() {
    fake.model("a").reply("ok");
    a.call(Request.of(Message.system("only a system message")));

    assertThatThrownBy(() -> fake.lastRequest().userText())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "the request to fake model 'a' has no user message; its messages' roles: [SYSTEM]");
  }

  @Test
  void lastRequestIsTheLatestOverallOrOfOneModel() {
    fake.model("a").defaultReply("A");
    fake.model("b").defaultReply("B");

    a.call(Request.of(Message.user("one")));
    b.call(Request.of(Message.user("two")));
    a.call(Request.of(Message.user("three")));
    b.call(Request.of(Message.user("four")));

    assertThat(fake.lastRequest().userText()).isEqualTo("four");
    assertThat(fake.lastRequest("a").userText()).isEqualTo("three");
    assertThat(fake.lastRequest("b").modelId()).isEqualTo("b");
  }

  @Test
  void lastRequestBeforeAnyRequestFailsAsAnAssertionNamingTheScriptedModels() {
    fake.model("b").reply("never asked");

    assertThatThrownBy(fake::lastRequest)
        .isInstanceOf(AssertionError.class)
        .hasMessage("the fake provider received no request (scripted models: [a, b])");
    assertThatThrownBy(() -> fake.lastRequest("a"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("fake model 'a' received no request; no fake model received any");
  }

  @Test
  void lastRequestOfAModelThatWasNotCalledSaysWhichWere() {
    fake.model("a").defaultReply("A");
    fake.model("b").defaultReply("B");
    a.call(Request.of(Message.user("one")));
    a.call(Request.of(Message.user("two")));
    b.call(Request.of(Message.user("three")));

    assertThatThrownBy(() -> fake.lastRequest("primary"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("fake model 'primary' received no request; requests by model: {a=2, b=1}");
  }
}
