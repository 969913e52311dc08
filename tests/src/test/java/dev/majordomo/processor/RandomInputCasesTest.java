package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The inputs a random-interface run found (issue "processor under random input"): each one now
 * compiles warning-free under {@code -Xlint:all -Werror} or is rejected with a catalog diagnostic
 * on the element, never a {@code [PROCESSOR_FAILURE]}.
 */
class RandomInputCasesTest {
  private static final String HEADER =
      """
      package t;

      import dev.majordomo.annotations.*;
      import dev.majordomo.media.Image;
      import java.util.*;

      """;

  private static Compilation strict(String code, JavaFileObject... others) {
    JavaFileObject[] files = new JavaFileObject[others.length + 1];
    files[0] = source("t.A", HEADER + code);
    System.arraycopy(others, 0, files, 1, others.length);
    return Compilations.compileStrict(files);
  }

  private static void assertClean(Compilation c) {
    assertThat(c).succeededWithoutWarnings();
  }

  private static void assertRejected(Compilation c, String code, String marker) {
    assertThat(c).failed();
    assertThat(c.errors())
        .noneMatch(d -> d.getMessage(Locale.ROOT).contains("[PROCESSOR_FAILURE]"));
    assertThat(c).hadErrorContaining("[" + code + "]");
    if (marker != null) {
      assertThat(c.errors())
          .filteredOn(d -> d.getMessage(Locale.ROOT).contains("[" + code + "]"))
          .allMatch(
              d -> d.getSource() != null && d.getLineNumber() > 0, "positioned on an element");
    }
  }

  // ---------------------------------------------------------------- crashes

  @Test
  void aTimeoutThatOverflowsADurationIsAnInvalidOption() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            interface A {
              @Options(timeout = "9223372036854775807m")
              String ask(String question);
            }
            """);
    assertRejected(c, "INVALID_OPTION", "timeout");
    assertThat(c).hadErrorContaining("9223372036854775807m");
  }

  @Test
  void aNestedAndATopLevelAssistantWithTheSameGeneratedNameAreAClashNotACrash() {
    Compilation c =
        Compilations.compileStrict(
            source(
                "t.Outer",
                HEADER
                    + """
                    class Outer {
                      @Llm(chain = "fast")
                      interface A {
                        String ask(String question);
                      }
                    }
                    """),
            source(
                "t.Outer_A",
                """
                package t;

                import dev.majordomo.annotations.*;

                @Llm(chain = "fast")
                interface Outer_A {
                  String ask(String question);
                }
                """));
    assertRejected(c, "GENERATED_NAME_CLASH", "interface");
    assertThat(c).hadErrorContaining("Majordomo_Outer_A");
  }

  @Test
  void aUserClassNamedLikeTheGeneratedClassIsAClashNotACrash() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            interface A {
              String ask(String question);
            }
            """,
            source("t.Majordomo_A", "package t;\nclass Majordomo_A {}\n"));
    assertRejected(c, "GENERATED_NAME_CLASH", "interface");
  }

  @Test
  void aStaleEarlierOutputAmongTheSourcesIsAnError() {
    // Maven's incremental build may hand javac last build's generated file as a source; after the
    // interface changed, that file is stale (here: it never calls the model) and must not ship
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            public interface A {
              String ask(String question);
            }
            """,
            source(
                "t.Majordomo_A",
                """
                package t;

                @javax.annotation.processing.Generated("dev.majordomo.processor.MajordomoProcessor")
                public final class Majordomo_A implements A {
                  public Majordomo_A(dev.majordomo.internal.assistant.AssistantRuntime runtime) {}

                  @Override
                  public String ask(String question) {
                    return question;
                  }
                }
                """));
    assertRejected(c, "STALE_GENERATED_SOURCE", "interface");
    assertThat(c).hadErrorContaining("mvn clean");
  }

  @Test
  void anIdenticalEarlierOutputAmongTheSourcesCompiles() {
    String code =
        """
        @Llm(chain = "fast")
        public interface A {
          @Prompt("Say {{question}} \\u2028 in città \\uD83D\\uDE00")
          String ask(String question);
        }
        """;
    Compilation first = strict(code);
    assertClean(first);
    String earlier = Compilations.generated(first, "t.Majordomo_A");
    Compilation again = strict(code, source("t.Majordomo_A", earlier));
    assertClean(again);
    assertThat(again.generatedSourceFiles()).isEmpty();
  }

  @Test
  void anEarlierOutputIsStaleOnceThePromptChanged() {
    Compilation first =
        strict(
            """
            @Llm(chain = "fast")
            public interface A {
              @Prompt("Old: {{question}}")
              String ask(String question);
            }
            """);
    String earlier = Compilations.generated(first, "t.Majordomo_A");
    Compilation again =
        strict(
            """
            @Llm(chain = "fast")
            public interface A {
              @Prompt("New: {{question}}")
              String ask(String question);
            }
            """,
            source("t.Majordomo_A", earlier));
    assertRejected(again, "STALE_GENERATED_SOURCE", "interface");
  }

  @Test
  void anAssistantDeclaredInTheFileOfAnotherTypeIsRejected() {
    JavaFileObject file =
        source(
            "t.B",
            HEADER
                + """
                class B {}

                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """);
    Compilation c = Compilations.compileStrict(file);
    assertRejected(c, "AUXILIARY_TYPE", "interface A");
  }

  // ---------------------------------------------------------------- generated code that did not
  // compile

  @Test
  void aTimeoutBeyondTheIntRangeCompiles() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            public interface A {
              @Options(timeout = "2147483648ms")
              String ask(String question);
              @Options(timeout = "9223372036854ms")
              String longest(String question);
            }
            """);
    assertClean(c);
    assertThat(Compilations.generated(c, "t.Majordomo_A")).contains("2147483648L");
  }

  @Test
  void lineAndParagraphSeparatorsInTextsCompile() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = Clock.class)
            @SystemPrompt("Be brief.\\u2028Really.")
            public interface A {
              @Options(stop = {"END\\u2029", "\\u2028"})
              @Prompt("Answer\\u2028{{question}}\\u2029now")
              String ask(String question);
            }
            """,
            source(
                "t.Clock",
                """
                package t;

                import dev.majordomo.annotations.*;

                public class Clock {
                  @Tool("The time\\u2028now")
                  public String now(@Description("a zone\\u2029id") String zone) {
                    return zone;
                  }
                }
                """));
    assertClean(c);
  }

  @Test
  void aSealedAssistantIsRejected() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            sealed interface A permits Impl {
              String ask(String question);
            }

            final class Impl implements A {
              public String ask(String question) {
                return question;
              }
            }
            """);
    assertRejected(c, "SEALED_ASSISTANT", "interface");
  }

  @Test
  void aSealedAssistantThatPermitsTheGeneratedClassCompiles() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            public sealed interface A permits Majordomo_A {
              String ask(String question);
            }
            """);
    assertClean(c);
  }

  @Test
  void aToolClassWhoseConstructorThrowsACheckedExceptionCompiles() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = Clock.class)
            public interface A {
              String ask(String question);
            }
            """,
            source(
                "t.Clock",
                """
                package t;

                import dev.majordomo.annotations.*;

                public class Clock {
                  public Clock() throws java.io.IOException {}

                  @Tool("The time")
                  public String now() {
                    return "noon";
                  }
                }
                """));
    assertClean(c);
    assertThat(Compilations.generated(c, "t.Majordomo_A")).doesNotContain("Clock::new");
  }

  @Test
  void aTemplateGetterThatThrowsACheckedExceptionIsRejected() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            interface A {
              @Prompt("Read {{file.canonicalPath}}")
              String ask(java.io.File file);
            }
            """);
    assertRejected(c, "TEMPLATE_PROPERTY_THROWS", "@Prompt");
    assertThat(c).hadErrorContaining("java.io.IOException");
  }

  @Test
  void aTemplateGetterThatThrowsWhatTheMethodDeclaresCompiles() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            public interface A {
              @Prompt("Read {{file.canonicalPath}}")
              String ask(java.io.File file) throws java.io.IOException;
            }
            """);
    assertClean(c);
  }

  @Test
  void parametersAndConstantsNamedLikeGeneratedTypesCompile() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = Clock.class)
            public interface A {
              int Json = 1;
              String Objects = "x";
              int Duration = 2;

              @Options(timeout = "3s", stop = "x")
              @Prompt("{{Part}} {{Prompt}} {{ReplyDecoder}} {{Toolbox}} {{String}} {{Majordomo_A}}")
              String ask(
                  String Part,
                  String Prompt,
                  int ReplyDecoder,
                  String Toolbox,
                  String String,
                  String Majordomo_A,
                  Image image);

              @Prompt("{{List}} {{Reply}} {{ArrayList}}")
              Answer plan(String List, String Reply, String ArrayList, java.util.List<Image> Image);
            }
            """,
            source("t.Answer", "package t;\npublic record Answer(String text, int score) {}\n"),
            source(
                "t.Clock",
                """
                package t;

                import dev.majordomo.annotations.*;

                public class Clock {
                  @Tool("The time")
                  public String now(java.util.Map<String, Integer> zones) {
                    return zones.toString();
                  }
                }
                """));
    assertClean(c);
  }

  @Test
  void aStaticToolOfASamePackageClassNamedLikeAConstantCompiles() {
    // found by ProcessorFuzzTest: "int cannot be dereferenced" at Json.fixed() in generated code
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = Json.class)
            public interface A {
              int Json = 2;

              String ask(String question);
            }
            """,
            source(
                "t.Json",
                """
                package t;

                import dev.majordomo.annotations.*;

                public class Json {
                  @Tool("Static.")
                  public static String fixed() {
                    return "x";
                  }
                }
                """));
    assertClean(c);
  }

  @Test
  void samePackageClassesNamedLikeJavaLangTypesCompile() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = Clock.class)
            public interface A {
              @Prompt("{{question}}")
              Answer ask(java.lang.String question, java.util.List<Image> images);
            }
            """,
            source("t.Override", "package t;\npublic @interface Override {}\n"),
            source("t.String", "package t;\npublic class String {}\n"),
            source("t.Exception", "package t;\npublic class Exception {}\n"),
            source("t.SuppressWarnings", "package t;\npublic @interface SuppressWarnings {}\n"),
            source("t.Integer", "package t;\npublic class Integer {}\n"),
            source(
                "t.Answer",
                "package t;\n"
                    + "public record Answer(java.lang.String text, int[] scores,"
                    + " java.util.Map<java.lang.String, java.lang.Integer> counts) {}\n"),
            source(
                "t.Clock",
                """
                package t;

                import dev.majordomo.annotations.*;

                public class Clock {
                  @Tool("The time")
                  public java.lang.String now(java.lang.String zone) {
                    return zone;
                  }
                }
                """));
    assertClean(c);
  }

  @Test
  void toolClassesNamedLikeJavaKeywordsAndObjectMethodsCompile() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = {Yield.class, Clone.class, GetClass.class, ToString.class})
            public interface A {
              String ask(String question);
            }
            """,
            tool("Yield", "give"),
            tool("Clone", "copy"),
            tool("GetClass", "kind"),
            tool("ToString", "text"));
    assertClean(c);
  }

  private static JavaFileObject tool(String name, String method) {
    return source(
        "t." + name,
        """
        package t;

        import dev.majordomo.annotations.*;

        public class %s {
          @Tool("A tool")
          public String %s(String x) {
            return x;
          }
        }
        """
            .formatted(name, method));
  }

  @Test
  void anAssistantMethodNamedFinalizeIsRejected() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            interface A {
              String finalize();
            }
            """);
    assertRejected(c, "OBJECT_METHOD_NAME", "finalize");
  }

  @Test
  void aPrivateNestedTypeAsAParameterIsRejected() {
    Compilation c =
        strict(
            """
            class Outer {
              private record P(String name) {}

              @Llm(chain = "fast")
              interface A {
                @Prompt("{{p}}")
                String ask(P p);
              }
            }
            """);
    assertRejected(c, "INACCESSIBLE_TYPE", "P p");
  }

  @Test
  void aRecordDeclaredBesideTheInterfaceInItsFileIsRejected() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            interface A {
              Answer ask(String question);
            }

            record Answer(String text) {}
            """);
    assertRejected(c, "AUXILIARY_TYPE", "Answer ask");
  }

  @Test
  void aToolClassDeclaredBesideTheInterfaceInItsFileIsRejected() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = Clock.class)
            interface A {
              String ask(String question);
            }

            class Clock {
              @Tool("The time")
              public String now() {
                return "noon";
              }
            }
            """);
    assertRejected(c, "AUXILIARY_TYPE", "@Llm");
  }

  @Test
  void rawTypesAndGenericVarargsInTheInterfaceDoNotWarnInGeneratedCode() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            @SuppressWarnings({"rawtypes", "unchecked"})
            public interface A {
              @Prompt("{{items}}")
              String ask(List items);

              @Prompt("{{lists}}")
              String many(List<String>... lists);
            }
            """);
    assertClean(c);
  }

  // ---------------------------------------------------------------- wrong results

  @Test
  void aNonAsciiJavaIdentifierIsATemplateVariable() {
    Compilation c =
        strict(
            """
            @Llm(chain = "fast")
            public interface A {
              @Prompt("Weather in {{città}}?")
              String ask(String città);
            }
            """);
    assertClean(c);
    assertThat(Compilations.generated(c, "t.Majordomo_A")).contains("+ città");
  }

  @Test
  void anEmojiInADescriptionSurvivesTheSchemaSplitting() throws Exception {
    // 62 characters, then the emoji's two chars at 62..63 and 63..64: a cut at 64 would split it
    String padding = "x".repeat(40);
    String description = padding + " \\uD83D\\uDE00 " + padding + " \\uD83C\\uDF89 end";
    Compilation c =
        strict(
            """
            @Llm(chain = "fast", tools = Clock.class)
            public interface A {
              String ask(String question);
            }
            """,
            source(
                "t.Clock",
                """
                package t;

                import dev.majordomo.annotations.*;

                public class Clock {
                  @Tool("The time")
                  public String now(@Description("%s") String a, @Description("%s") String b) {
                    return a + b;
                  }
                }
                """
                    .formatted(description, "\\uD83D\\uDE00".repeat(40))));
    assertClean(c);
    Class<?> generated = CompiledClasses.of(c).load("t.Majordomo_A");
    java.lang.reflect.Field f = generated.getDeclaredField("TOOL_CLOCK_NOW");
    f.setAccessible(true);
    Object definition = f.get(null);
    String schema =
        String.valueOf(definition.getClass().getMethod("parametersSchema").invoke(definition));
    assertThat(schema).contains("\uD83D\uDE00 " + "x".repeat(40) + " \uD83C\uDF89 end");
    assertThat(schema).contains("\uD83D\uDE00".repeat(40)).doesNotContain("?");
  }

  @Test
  void llmInsideALocalClassIsRejected() {
    Compilation c =
        strict(
            """
            class Outer {
              void run() {
                class Local {
                  @Llm(chain = "fast")
                  interface A {
                    String ask(String question);
                  }
                }
              }
            }
            """);
    assertRejected(c, "LOCAL_ASSISTANT", "interface A");
  }

  @Test
  void aUsersOwnLlmAnnotationOnALocalTypeIsNotMajordomos() {
    // t.Llm shadows the on-demand import of dev.majordomo.annotations.*: not our annotation
    Compilation c =
        strict(
            """
            class Outer {
              void run() {
                @Llm
                interface Local {}
              }
            }
            """,
            source("t.Llm", "package t;\n\npublic @interface Llm {}\n"));
    assertClean(c);
  }

  @Test
  void llmInsideAnAnonymousClassIsRejected() {
    Compilation c =
        strict(
            """
            class Outer {
              Object o =
                  new Object() {
                    @Llm(chain = "fast")
                    interface A {
                      String ask(String question);
                    }
                  };
            }
            """);
    assertRejected(c, "LOCAL_ASSISTANT", "interface A");
  }

  @Test
  void llmInsideAnEnumConstantBodyIsRejected() {
    Compilation c =
        strict(
            """
            enum Outer {
              ONE {
                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
              }
            }
            """);
    assertRejected(c, "LOCAL_ASSISTANT", "interface A");
  }
}
