package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.column;
import static dev.majordomo.processor.Compilations.compile;
import static dev.majordomo.processor.Compilations.line;
import static dev.majordomo.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Diagnostics in detail: positions (line and caret column), wording, and variants. */
class DiagnosticsTest {

  private static final String HEADER =
      """
      package t;

      import dev.majordomo.Reply;
      import dev.majordomo.annotations.*;
      import dev.majordomo.media.Image;
      import java.util.*;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      """;

  private static Compilation compileA(String body) {
    return compile(source("t.A", HEADER + body));
  }

  private static void assertError(String body, String marker, String message) {
    String code = HEADER + body;
    JavaFileObject file = source("t.A", code);
    Compilation c = compile(file);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(file).onLine(line(code, marker));
  }

  @Nested
  class Chains {
    @ParameterizedTest(name = "[{index}] \"{0}\" on the type")
    @CsvSource(
        delimiter = '|',
        value = {
          "fast,,thinking | 5 | empty element",
          "fast,          | 5 | empty element",
          ",fast          | 0 | empty element",
          "fast mini      | 4 | white space",
          "1fast          | 0 | ",
          "openai/        | 7 | ",
          "fast,open ai/x | 9 | ",
        })
    void everyGrammarErrorOnTheTypeWithCaretOnTheValue(String chain, int index, String problem) {
      String code =
          HEADER
              + "@Llm(chain = \""
              + chain
              + "\")\n"
              + "interface A {\n  String ask(String question);\n}\n";
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      String expected = "[CHAIN_SYNTAX] Malformed chain \"" + chain + "\" at index " + index + ": ";
      assertThat(c)
          .hadErrorContaining(expected)
          .inFile(file)
          .onLine(line(code, "@Llm"))
          .atColumn(column(code, "\"" + chain));
      if (problem != null) {
        assertThat(c).hadErrorContaining(expected + problem);
      }
      // the message carries the chain and a caret line under the offending index
      String message = c.errors().get(0).getMessage(java.util.Locale.ROOT);
      String[] lines = message.split("\n");
      org.assertj.core.api.Assertions.assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
      String chainLine = lines[lines.length - 2];
      String caretLine = lines[lines.length - 1];
      org.assertj.core.api.Assertions.assertThat(chainLine.strip()).isEqualTo(chain);
      org.assertj.core.api.Assertions.assertThat(caretLine.indexOf('^'))
          .isEqualTo(chainLine.indexOf(chain) + index);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on a method")
    @CsvSource(
        delimiter = '|',
        value = {"fast,,thinking | 5", "fast,  | 5", "  | 0", "ollama/qwen3 8b | 12"})
    void everyGrammarErrorOnAMethod(String chain, int index) {
      String raw = chain == null ? "  " : chain;
      String code =
          HEADER
              + "@Llm(chain = \"fast\")\ninterface A {\n"
              + "  @Llm(chain = \""
              + raw
              + "\")\n"
              + "  String ask(String question);\n}\n";
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining("at index " + index + ":")
          .inFile(file)
          .onLine(line(code, "  @Llm(chain"))
          .atColumn(column(code, "\"" + raw + "\""));
    }

    @Test
    void aMethodChainOverridesAMissingTypeChain() {
      Compilation c =
          compileA(
              """
              @Llm
              interface A {
                @Llm(chain = "fast")
                String ask(String question);
              }
              """);
      assertThat(c).succeeded();
    }

    @Test
    void noChainOnAnyLevelIsReportedOnTheMethod() {
      assertError(
          """
          interface A {
            @Llm(tools = {})
            String ask(String question);
          }
          """,
          "@Llm(tools",
          "[NO_CHAIN] A.ask() has no chain");
    }
  }

  @Nested
  class Placement {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "enum A { X }                 | an enum",
          "@interface A {}              | an annotation type",
          "record A(String x) {}        | a record",
          "abstract class A {}          | a class",
        })
    void llmOnAnythingButAnInterface(String declaration, String kind) {
      assertError(
          "@Llm(chain = \"fast\")\n" + declaration + "\n",
          "@Llm",
          "[LLM_NOT_ON_INTERFACE] @Llm belongs on an interface or its methods, but A is " + kind);
    }

    @Test
    void llmOnAMethodOfAClass() {
      assertError(
          """
          class A {
            @Llm(chain = "fast")
            String ask(String question) {
              return question;
            }
          }
          """,
          "@Llm",
          "[LLM_NOT_ON_INTERFACE] @Llm belongs on an interface or its methods, but A.ask() is a"
              + " method of a class");
    }

    @Test
    void aGenericToolMethod() {
      assertError(
          """
          @Llm(chain = "fast", tools = A.Tools.class)
          interface A {
            String ask(String question);

            class Tools {
              @Tool("Echoes.")
              public <T> String echo(String text) {
                return text;
              }
            }
          }
          """,
          "public <T> String echo",
          "[GENERIC_METHOD] Tool method Tools.echo() declares type parameters <T>");
    }
  }

  @Nested
  class Templates {
    @Test
    void noSuggestionWhenNothingIsClose() {
      Compilation c =
          compileA(
              """
              @Llm(chain = "fast")
              interface A {
                @Prompt("Plan {{weather}}")
                String plan(String city);
              }
              """);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining(
              "[UNKNOWN_TEMPLATE_VARIABLE] Template variable {{weather}} names no parameter of"
                  + " A.plan(). Parameters: 'city'.");
    }

    @Test
    void aTypeSystemPromptIsCheckedAgainstEachMethodAndReportedOnTheType() {
      String code =
          HEADER
              + """
              @Llm(chain = "fast")
              @SystemPrompt("You speak {{language}}.")
              interface A {
                @Prompt("Plan {{city}} in {{language}}.")
                String plan(String city, String language);

                String ask(String question);
              }
              """;
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining(
              "Template variable {{language}} names no parameter of A.ask()."
                  + " Parameters: 'question'.")
          .inFile(file)
          .onLine(line(code, "@SystemPrompt"))
          .atColumn(column(code, "\"You speak"));
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void templateErrorsPointAtTheTemplateLiteral() {
      String code =
          HEADER
              + """
              @Llm(chain = "fast")
              interface A {
                @Prompt(
                    "Plan {{cty}}")
                String plan(String city);
              }
              """;
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c)
          .hadErrorContaining("Did you mean 'city'?")
          .inFile(file)
          .onLine(line(code, "\"Plan {{cty}}\""))
          .atColumn(column(code, "\"Plan {{cty}}\""));
    }

    @Test
    void nestedPropertiesThroughGettersAndComponents() {
      Compilation c =
          compileA(
              """
              @Llm(chain = "fast")
              interface A {
                final class Person {
                  public String getName() { return "x"; }
                  public boolean isAdult() { return true; }
                }
                record Trip(Person traveller, String city) {}

                @Prompt("{{trip.traveller.name}} ({{trip.traveller.adult}}) to {{trip.city}}: {{trip.traveller.age}}")
                String plan(Trip trip);
              }
              """);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining(
              "[UNKNOWN_TEMPLATE_PROPERTY] Template variable {{trip.traveller.age}}: t.A.Person has"
                  + " no record component or getter 'age'. Available: 'name', 'adult'.");
      assertThat(c).hadErrorCount(1);
    }

    @Test
    void propertiesOfAScalarDoNotExist() {
      Compilation c =
          compileA(
              """
              @Llm(chain = "fast")
              interface A {
                @Prompt("{{days.count}}")
                String plan(int days);
              }
              """);
      assertThat(c)
          .hadErrorContaining(
              "{{days.count}}: int has no record component or getter 'count'. Available: (none).");
    }

    @Test
    void unusedParameterWarnsButCompiles() {
      String code =
          HEADER
              + """
              @Llm(chain = "fast")
              interface A {
                @Prompt("Describe {{subject}}.")
                String describe(String subject, Image photo, List<Image> more, int unused);
              }
              """;
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).succeeded();
      assertThat(c).hadWarningCount(1);
      assertThat(c)
          .hadWarningContaining("[UNUSED_PARAMETER] Parameter 'unused' of A.describe()")
          .inFile(file)
          .onLine(line(code, "int unused"));
    }

    @Test
    void aParameterUsedOnlyByTheSystemPromptIsUsed() {
      Compilation c =
          compileA(
              """
              @Llm(chain = "fast")
              interface A {
                @SystemPrompt("Answer in {{language}}.")
                @Prompt("Plan {{city}}.")
                String plan(String city, String language);
              }
              """);
      assertThat(c).succeeded();
      assertThat(c).hadWarningCount(0);
    }
  }

  @Nested
  class Prompts {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "String ask();                        | no text parameter",
          "String ask(int count);               | parameter int count",
          "String ask(Image photo);             | no text parameter",
          "String ask(String a, Image b, int c); | 2 parameters: String a, int c",
        })
    void withoutPromptExactlyOneStringIsNeeded(String method, String has) {
      assertError(
          "@Llm(chain = \"fast\")\ninterface A {\n  " + method + "\n}\n",
          method,
          "[MISSING_PROMPT] A.ask() has no @Prompt, so it needs exactly one String parameter to"
              + " send as the message (and optionally images), but it has "
              + has
              + ".");
    }

    @Test
    void parametersOfTheSystemPromptAreNotTheMessage() {
      assertThat(
              compileA(
                  """
                  @Llm(chain = "fast")
                  interface A {
                    @SystemPrompt("Answer in {{language}} for {{user.name}}.")
                    String ask(String question, String language, User user);

                    record User(String name) {}
                  }
                  """))
          .succeededWithoutWarnings();
    }

    @Test
    void aStringAndImagesNeedNoPrompt() {
      assertThat(
              compileA(
                  """
                  @Llm(chain = "fast")
                  interface A {
                    String describe(String question, Image photo, List<Image> more);
                  }
                  """))
          .succeeded();
    }
  }

  @Nested
  class ReturnTypes {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "void ask(String q);                               | returns the model's answer; use String",
          "List ask(String q);                               | raw type",
          "List<?> ask(String q);                            | wildcard",
          "Map<Integer, String> ask(String q);               | map keys must be String",
          "Stream<Integer> ask(String q);                    | use Stream<String>",
          "CompletableFuture<Stream<String>> ask(String q);  | Stream cannot be nested here",
          "Reply<Reply<String>> ask(String q);               | Reply cannot be nested here",
          "List<Optional<String>> ask(String q);             | Optional is supported as",
          "boolean[] ask(String q);                          | arrays of boolean",
          "Image ask(String q);                              | an image is not a JSON value",
          "Thread ask(String q);                             | this JDK type has no JSON form",
          "CompletableFuture ask(String q);                  | raw CompletableFuture",
        })
    void unsupported(String method, String reason) {
      String code = HEADER + "@Llm(chain = \"fast\")\ninterface A {\n  " + method + "\n}\n";
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining("[UNSUPPORTED_RETURN_TYPE] Unsupported return type")
          .inFile(file)
          .onLine(line(code, method));
      assertThat(c).hadErrorContaining(reason);
      assertThat(c).hadErrorContaining("Supported: String; a record");
    }

    @Test
    void aNestedUnsupportedPropertyNamesItsPath() {
      assertError(
          """
          @Llm(chain = "fast")
          interface A {
            record Day(Map<Integer, String> slots) {}
            record Plan(List<Day> days) {}

            Plan plan(String q);
          }
          """,
          "Plan plan",
          "property t.A.Day.slots is java.util.Map<java.lang.Integer,java.lang.String>: map keys"
              + " must be String");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "interface Result {}                       | it is an interface",
          "abstract class Result {}                  | it is abstract",
          "class Result { Result(int x) {} }         | it has no public constructor whose parameters"
              + " match its fields (it has none)",
        })
    void notConstructible(String declaration, String reason) {
      assertError(
          "@Llm(chain = \"fast\")\ninterface A {\n  "
              + declaration
              + "\n  List<Result> ask(String q);\n}\n",
          "List<Result> ask",
          "[NOT_CONSTRUCTIBLE] t.A.Result cannot be built from JSON (the return type of A.ask()): "
              + reason);
    }

    @Test
    void aPojoWithAnAllArgsConstructorIsFine() {
      assertThat(
              compileA(
                  """
                  @Llm(chain = "fast")
                  interface A {
                    final class Result {
                      private final String text;
                      private final int score;

                      public Result(String text, int score) {
                        this.text = text;
                        this.score = score;
                      }
                    }

                    Result ask(String q);
                  }
                  """))
          .succeeded();
    }
  }

  @Nested
  class Tools {
    @Test
    void aToolParameterThatCannotBeBuilt() {
      assertError(
          """
          @Llm(chain = "fast", tools = A.Tools.class)
          interface A {
            String ask(String question);

            interface Shape {}

            class Tools {
              @Tool("Draws.")
              public String draw(
                  Shape shape) {
                return "ok";
              }
            }
          }
          """,
          "Shape shape",
          "[NOT_CONSTRUCTIBLE] t.A.Shape cannot be built from JSON (tool parameter 'shape' of"
              + " Tools.draw()): it is an interface");
    }

    @Test
    void duplicateNamesInOneClassPointAtTheSecondMethod() {
      assertError(
          """
          @Llm(chain = "fast", tools = A.Tools.class)
          interface A {
            String ask(String question);

            class Tools {
              @Tool("One.")
              public String find(String a) {
                return a;
              }

              @Tool(value = "Two.", name = "find")
              public String search(String b) {
                return b;
              }
            }
          }
          """,
          "public String search",
          "[DUPLICATE_TOOL_NAME] Two tools of A are named 'find': Tools.find() and"
              + " Tools.search()");
    }

    @Test
    void aDefaultMethodToolClashingWithAToolClass() {
      assertError(
          """
          @Llm(chain = "fast")
          interface A {
            @Llm(tools = A.Tools.class)
            String ask(String question);

            @Tool("Local.")
            default String now(String zone) {
              return zone;
            }

            class Tools {
              @Tool("Remote.")
              public String now(String zone) {
                return zone;
              }
            }
          }
          """,
          "@Llm(tools",
          "[DUPLICATE_TOOL_NAME] Two tools of A are named 'now': A.now() and Tools.now()");
    }

    @Test
    void aToolNameThatIsTooLong() {
      String name = "x".repeat(65);
      assertError(
          "@Llm(chain = \"fast\", tools = A.Tools.class)\ninterface A {\n"
              + "  String ask(String question);\n  class Tools {\n"
              + "    @Tool(value = \"Long.\", name = \""
              + name
              + "\")\n    public String t(String a) { return a; }\n  }\n}\n",
          "@Tool",
          "[INVALID_TOOL_NAME] Tool name '" + name + "'");
    }

    @Test
    void aPrimitiveClassIsNotAToolClass() {
      assertError(
          """
          @Llm(chain = "fast", tools = int.class)
          interface A {
            String ask(String question);
          }
          """,
          "@Llm",
          "[INACCESSIBLE_TOOL_CLASS] Tool class int cannot be used from package t: it is not a"
              + " class");
    }

    @Test
    void aToolClassErrorIsReportedOnceWhenListedTwice() {
      Compilation c =
          compileA(
              """
              @Llm(chain = "fast", tools = A.Helpers.class)
              interface A {
                @Llm(tools = A.Helpers.class)
                String ask(String question);

                class Helpers {}
              }
              """);
      assertThat(c).failed();
      assertThat(c).hadErrorCount(1);
    }
  }

  @Nested
  class Options {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "@Options(maxTokens = 0)            | @Options maxTokens: it must be positive",
          "@Options(topP = 1.5)               | @Options topP: it must be a number from 0 to 1, was 1.5",
          "@Options(topP = -0.1)              | @Options topP: it must be a number from 0 to 1, was -0.1",
          "@Options(timeout = \"soon\")       | @Options timeout: \"soon\" is not a duration",
          "@Options(timeout = \"0s\")         | @Options timeout: \"0s\" is not a duration",
          "@Options(stop = {\"END\", \"\"})   | @Options stop: a stop sequence must not be empty",
          "@Llm(maxToolRounds = -2)           | @Llm maxToolRounds: it must be >= 0",
          "@Options(reasoningEffort = \"hihg\") | @Options reasoningEffort: \"hihg\" is not an effort (did you mean \"high\"?); write \"none\", \"minimal\", \"low\", \"medium\" or \"high\"",
          "@Options(reasoningEffort = \"max\")  | @Options reasoningEffort: \"max\" is not an effort; write",
          "@Options(reasoningBudgetTokens = 1023) | @Options reasoningBudgetTokens: it must be at least 1024 (Anthropic's minimum thinking budget), or -1 for unset, was 1023",
          "@Options(reasoningBudgetTokens = 0) | @Options reasoningBudgetTokens: it must be at least 1024",
          "@Options(reasoningEffort = \"none\", reasoningBudgetTokens = 2048) | @Options reasoningBudgetTokens: a thinking budget contradicts reasoningEffort = \"none\"",
          "@Options(promptCache = \"1hr\")    | @Options promptCache: \"1hr\" is not a prompt-cache setting (did you mean \"1h\"?); write \"off\", \"5m\" (5 minutes) or \"1h\" (1 hour)",
          "@Options(promptCache = \"forever\") | @Options promptCache: \"forever\" is not a prompt-cache setting; write",
        })
    void invalidValues(String annotation, String message) {
      String code =
          HEADER
              + "@Llm(chain = \"fast\")\ninterface A {\n  "
              + annotation
              + "\n  String ask(String question);\n}\n";
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining("[INVALID_OPTION] Invalid " + message)
          .inFile(file)
          .onLine(line(code, annotation));
    }
  }
}
