package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The validator accepts the reference's minimal request and rejects what the schema forbids. */
class OpenApiSchemaValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenApiSchemaValidator validator = OpenApiSchemaValidator.instance();

  private java.util.List<String> check(String json) throws Exception {
    JsonNode body = JSON.readTree(json);
    return validator.validate("CreateChatCompletionRequest", body);
  }

  @Test
  void acceptsTheReferenceMinimalRequest() throws Exception {
    assertThat(
            check(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],"
                    + "\"max_completion_tokens\":16}"))
        .isEmpty();
  }

  @Test
  void rejectsMissingMessagesAndModel() throws Exception {
    assertThat(check("{}"))
        .anySatisfy(e -> assertThat(e).contains("missing required property 'messages'"))
        .anySatisfy(e -> assertThat(e).contains("missing required property 'model'"));
  }

  @Test
  void rejectsAnEmptyMessageList() throws Exception {
    assertThat(check("{\"model\":\"m\",\"messages\":[]}"))
        .anySatisfy(e -> assertThat(e).contains("$.messages: fewer than 1 items"));
  }

  @Test
  void rejectsAnUnknownRole() throws Exception {
    assertThat(check("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"))
        .anySatisfy(e -> assertThat(e).contains("$.messages[0]"));
  }

  @Test
  void rejectsWrongTypesAndOutOfRangeValues() throws Exception {
    String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],";
    assertThat(check(base + "\"max_completion_tokens\":\"16\"}"))
        .anySatisfy(e -> assertThat(e).contains("$.max_completion_tokens: expected type"));
    assertThat(check(base + "\"temperature\":7}"))
        .anySatisfy(e -> assertThat(e).contains("maximum"));
    assertThat(check(base + "\"top_p\":1.5}")).anySatisfy(e -> assertThat(e).contains("maximum"));
    assertThat(check(base + "\"top_p\":0.9}")).isEmpty();
    assertThat(check(base + "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"))
        .anySatisfy(e -> assertThat(e).contains("$.stop"));
  }

  @Test
  void rejectsAToolMessageWithoutItsCallId() throws Exception {
    assertThat(check("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"))
        .anySatisfy(e -> assertThat(e).contains("tool_call_id"));
  }

  @Test
  void rejectsAResponseFormatWithAnUnknownType() throws Exception {
    assertThat(
            check(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"response_format\":{\"type\":\"xml\"}}"))
        .anySatisfy(e -> assertThat(e).contains("$.response_format"));
  }
}
