package dev.majordomo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.greet.Greeter;
import dev.majordomo.greet.Ungenerated;
import org.junit.jupiter.api.Test;

/** Which parameter and field types {@code @MajordomoTest} takes for assistants. */
class AssistantDetectionTest {
  @Test
  void anInterfaceWithAGeneratedImplementationIsAnAssistant() {
    assertThat(MajordomoExtension.isAssistant(Greeter.class)).isTrue();
    assertThat(MajordomoExtension.isAssistant(Greeter.Polite.class)).isTrue();
  }

  @Test
  void otherTypesAreLeftToOtherResolvers() {
    assertThat(MajordomoExtension.isAssistant(Ungenerated.class)).isFalse();
    assertThat(MajordomoExtension.isAssistant(Runnable.class)).isFalse();
    assertThat(MajordomoExtension.isAssistant(MajordomoTest.class)).isFalse();
    assertThat(MajordomoExtension.isAssistant(String.class)).isFalse();
  }
}
