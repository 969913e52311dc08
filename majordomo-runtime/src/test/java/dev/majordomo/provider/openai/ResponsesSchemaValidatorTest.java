package dev.majordomo.provider.openai;

import static dev.majordomo.provider.openai.OpenAiChatTest.j;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code CreateResponse} subset accepts the API reference's requests
 * (https://platform.openai.com/docs/api-reference/responses/create) and rejects what its schema
 * forbids, so the Responses tests' validation can fail.
 */
class ResponsesSchemaValidatorTest {
  private final OpenApiSchemaValidator validator = OpenApiSchemaValidator.responses();

  private List<String> check(String json) {
    return validator.validate("CreateResponse", MockOpenAi.json(j(json)));
  }

  @Test
  void acceptsTheReferenceRequests() {
    assertThat(check("{'model':'gpt-4.1','input':'Tell me a three sentence bedtime story.'}"))
        .isEmpty();
    assertThat(
            check(
                "{'model':'gpt-4.1','input':[{'role':'user','content':[{'type':'input_text',"
                    + "'text':'what is in this image?'},{'type':'input_image','detail':'auto',"
                    + "'image_url':'https://example.com/a.jpg'}]}]}"))
        .isEmpty();
  }

  @Test
  void rejectsAFunctionToolWithoutStrict() {
    assertThat(
            check(
                "{'model':'m','input':'x','tools':[{'type':'function','name':'f',"
                    + "'parameters':{'type':'object'}}]}"))
        .anySatisfy(e -> assertThat(e).contains("$.tools[0]"));
  }

  @Test
  void rejectsAnImageWithoutDetail() {
    assertThat(
            check(
                "{'model':'m','input':[{'role':'user','content':[{'type':'input_image',"
                    + "'image_url':'https://example.com/a.jpg'}]}]}"))
        .anySatisfy(e -> assertThat(e).contains("$.input"));
  }

  @Test
  void rejectsAFunctionCallOutputWithoutOutputAndAnUnknownRole() {
    assertThat(check("{'model':'m','input':[{'type':'function_call_output','call_id':'c'}]}"))
        .isNotEmpty();
    assertThat(check("{'model':'m','input':[{'role':'robot','content':'x'}]}")).isNotEmpty();
  }

  @Test
  void rejectsAJsonSchemaFormatWithoutName() {
    assertThat(
            check(
                "{'model':'m','input':'x','text':{'format':{'type':'json_schema',"
                    + "'schema':{'type':'object'}}}}"))
        .anySatisfy(e -> assertThat(e).contains("$.text.format"));
  }

  @Test
  void rejectsAnUnknownReasoningEffort() {
    assertThat(check("{'model':'m','input':'x','reasoning':{'effort':'extreme'}}")).isNotEmpty();
    assertThat(check("{'model':'m','input':'x','reasoning':{'effort':'low'}}")).isEmpty();
  }
}
