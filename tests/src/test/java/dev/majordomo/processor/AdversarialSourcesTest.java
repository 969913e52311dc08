package dev.majordomo.processor;

import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Odd but legal sources: generated code still compiles, keeps every string and fits its lines. */
class AdversarialSourcesTest {

  @Test
  void aDottedWordInAPromptIsNotTakenForAPackageQualifierWhenLayingOut() {
    // "europe.Paris" looks like a qualified type name; in a literal it is as wide as it reads
    for (int length = 50; length < 62; length++) {
      String text = ("Compare europe.Paris with asia.Tokyo " + "z".repeat(30)).substring(0, length);
      String code =
          """
          package dots;

          import dev.majordomo.annotations.*;

          @Llm(chain = "fake/m")
          public interface A {
            @Prompt("%s {{q}}")
            String ask(String q);
          }
          """
              .formatted(text);
      String generated =
          Compilations.generated(compileStrict(source("dots.A", code)), "dots.Majordomo_A");
      assertThat(generated.lines()).allMatch(l -> l.length() <= 100, "at most 100 columns");
    }
  }
}
