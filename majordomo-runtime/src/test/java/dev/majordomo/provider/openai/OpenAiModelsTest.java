package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiModelsTest {

  private static Optional<Boolean> known(Capabilities c, Capability cap) {
    return c.known(cap);
  }

  @ParameterizedTest(name = "{0}: images={1} tools={2} structured={3}")
  @CsvSource(
      nullValues = "?",
      value = {
        "gpt-4o, true, true, true",
        "gpt-4o-mini, true, true, true",
        "gpt-4o-2024-08-06, true, true, true",
        "gpt-4o-2024-05-13, true, true, false",
        "gpt-4.1-nano, true, true, true",
        "gpt-5, true, true, true",
        "gpt-5.1-mini, true, true, true",
        "o3-mini, false, true, true",
        "o3, true, true, true",
        "o1-mini, false, false, false",
        "o4-mini, true, true, true",
        "chatgpt-4o-latest, true, false, false",
        "gpt-4-turbo, true, true, false",
        "gpt-4, false, true, false",
        "gpt-4-0613, false, true, false",
        "gpt-3.5-turbo, false, true, false",
        "GPT-4O, true, true, true",
        "ft:gpt-3.5-turbo-0125:acme::x1, false, true, false",
        "gpt-4o-audio-preview, ?, ?, ?",
        "gpt-4o-search-preview, ?, ?, ?",
        "gpt-4os, ?, ?, ?",
        "llama-3-70b, ?, ?, ?"
      })
  void wellKnownFamiliesAndUnknownOnes(
      String id, Boolean images, Boolean tools, Boolean structured) {
    Capabilities c = OpenAiModels.capabilities(id);
    assertThat(known(c, Capability.IMAGES)).isEqualTo(Optional.ofNullable(images));
    assertThat(known(c, Capability.TOOLS)).isEqualTo(Optional.ofNullable(tools));
    assertThat(known(c, Capability.STRUCTURED_OUTPUT)).isEqualTo(Optional.ofNullable(structured));
  }
}
