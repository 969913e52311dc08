package dev.majordomo.provider.openai;

import static dev.majordomo.provider.openai.MockOpenAi.json;
import static dev.majordomo.provider.openai.OpenAiChatTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StrictSchemaTest {

  private static JsonNode strict(String schema) {
    return StrictSchema.normalise(json(j(schema)));
  }

  @Test
  void closesEveryObjectAndRequiresEveryProperty() {
    assertThat(
            strict(
                "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'object','properties':{'c':{'type':'integer'}}}},'required':['a']}"))
        .isEqualTo(
            json(
                j(
                    "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'object',"
                        + "'properties':{'c':{'type':'integer'}},'additionalProperties':false,'required':['c']}},"
                        + "'required':['a','b'],'additionalProperties':false}")));
  }

  @Test
  void recursesIntoItemsAnyOfAllOfAndDefs() {
    JsonNode out =
        strict(
            "{'type':'object','properties':{'list':{'type':'array','items':{'type':'object','properties':{'x':{'type':'string'}}}},"
                + "'either':{'anyOf':[{'type':'object','properties':{'y':{'type':'number'}}},{'type':'null'}]},"
                + "'both':{'allOf':[{'$ref':'#/$defs/D'}]}},"
                + "'$defs':{'D':{'type':'object','properties':{'z':{'type':'boolean'}}}}}");
    assertThat(out.at("/properties/list/items/additionalProperties").asBoolean(true)).isFalse();
    assertThat(out.at("/properties/list/items/required")).isEqualTo(json("[\"x\"]"));
    assertThat(out.at("/properties/either/anyOf/0/required")).isEqualTo(json("[\"y\"]"));
    assertThat(out.at("/properties/either/anyOf/1")).isEqualTo(json("{\"type\":\"null\"}"));
    assertThat(out.at("/properties/both/allOf/0")).isEqualTo(json("{\"$ref\":\"#/$defs/D\"}"));
    assertThat(out.at("/$defs/D/additionalProperties").asBoolean(true)).isFalse();
    assertThat(out.at("/$defs/D/required")).isEqualTo(json("[\"z\"]"));
  }

  @Test
  void removesDefaultsAndInlinesRefsWithSiblings() {
    JsonNode out =
        strict(
            "{'type':'object','properties':{'n':{'type':'integer','default':3},"
                + "'p':{'$ref':'#/$defs/P','description':'the place'}},"
                + "'$defs':{'P':{'type':'object','properties':{'q':{'type':'string','default':null}}}}}");
    assertThat(out.at("/properties/n")).isEqualTo(json("{\"type\":\"integer\"}"));
    assertThat(out.at("/properties/p/$ref").isMissingNode()).isTrue();
    assertThat(out.at("/properties/p/description").asText()).isEqualTo("the place");
    assertThat(out.at("/properties/p/properties/q")).isEqualTo(json("{\"type\":\"string\"}"));
    assertThat(out.at("/properties/p/additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void aRecursiveRefWithoutSiblingsIsKept() {
    JsonNode out =
        strict(
            "{'type':'object','properties':{'name':{'type':'string'},'children':{'type':'array','items':{'$ref':'#'}}}}");
    assertThat(out.at("/properties/children/items")).isEqualTo(json("{\"$ref\":\"#\"}"));
  }

  @Test
  void keepsAnExplicitlyClosedObjectAndANullableObjectType() {
    JsonNode out =
        strict(
            "{'type':['object','null'],'properties':{'a':{'type':'string'}},'additionalProperties':false}");
    assertThat(out.get("required")).isEqualTo(json("[\"a\"]"));
  }

  @Test
  void refusesWhatStrictModeCannotExpress() {
    assertThatThrownBy(() -> strict("{'type':'array','items':{'type':'string'}}"))
        .isInstanceOf(StrictSchema.StrictSchemaException.class)
        .hasMessageContaining("root of a strict schema must be an object");
    assertThatThrownBy(
            () ->
                strict(
                    "{'type':'object','properties':{'m':{'type':'object','additionalProperties':{'type':'string'}}}}"))
        .hasMessageContaining("#/properties/m: an object that allows additional properties");
    assertThatThrownBy(
            () ->
                strict(
                    "{'type':'object','properties':{'m':{'$ref':'#/$defs/Nope','description':'x'}}}"))
        .hasMessageContaining("#/properties/m: cannot resolve $ref #/$defs/Nope");
    assertThatThrownBy(() -> StrictSchema.normalise(json("[1]")))
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void doesNotChangeItsInput() {
    JsonNode in = json(j("{'type':'object','properties':{'a':{'type':'string','default':'x'}}}"));
    JsonNode copy = in.deepCopy();
    StrictSchema.normalise(in);
    assertThat(in).isEqualTo(copy);
  }
}
