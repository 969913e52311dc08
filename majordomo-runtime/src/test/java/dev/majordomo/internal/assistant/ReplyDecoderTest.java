package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.JsonDecodingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyDecoderTest {
  @Test
  void aWrappedValueIsDecodedFromItsValueField() throws Exception {
    ReplyDecoder<List<String>> decoder = ReplyDecoder.jsonValue(Json::stringList);

    assertThat(decoder.decode("{\"value\":[\"a\",\"b\"]}")).containsExactly("a", "b");
    assertThat(decoder.decode("```json\n{\"value\":[]}\n```")).isEmpty();
  }

  @Test
  void aMissingOrWrongValueNamesItsPath() {
    ReplyDecoder<Integer> decoder = ReplyDecoder.jsonValue(Json::int32);

    assertThatThrownBy(() -> decoder.decode("{}"))
        .isInstanceOf(JsonDecodingException.class)
        .hasMessage("$.value: missing required field 'value'");
    assertThatThrownBy(() -> decoder.decode("{\"value\":true}"))
        .isInstanceOf(JsonDecodingException.class)
        .hasMessageStartingWith("$.value: expected an integer");
  }
}
