package dev.majordomo.internal.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedClassNamesTest {

  @Test
  void prefixesTheSimpleName() {
    assertThat(GeneratedClassNames.qualifiedName("com.acme", List.of("Greeter")))
        .isEqualTo("com.acme.Majordomo_Greeter");
  }

  @Test
  void joinsNestedNamesOutermostFirstWithUnderscores() {
    assertThat(GeneratedClassNames.qualifiedName("com.acme", List.of("Outer", "Middle", "Inner")))
        .isEqualTo("com.acme.Majordomo_Outer_Middle_Inner");
    assertThat(GeneratedClassNames.simpleName(List.of("Outer", "Inner")))
        .isEqualTo("Majordomo_Outer_Inner");
  }

  @Test
  void hasNoDotInTheUnnamedPackage() {
    assertThat(GeneratedClassNames.qualifiedName("", List.of("Greeter")))
        .isEqualTo("Majordomo_Greeter");
  }

  @Test
  void refusesAnAssistantWithoutAName() {
    assertThatThrownBy(() -> GeneratedClassNames.simpleName(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
