package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.column;
import static dev.majordomo.processor.Compilations.compile;
import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.generated;
import static dev.majordomo.processor.Compilations.line;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chat memory in the processor: the {@code @MemoryId} parameter and its checks, the {@code @Llm}
 * history limits, and the {@code Conversations} methods the generated class implements.
 */
class MemoryIdTest {

  private static final String HEADER =
      """
      package t;

      import dev.majordomo.Conversations;
      import dev.majordomo.Reply;
      import dev.majordomo.annotations.*;
      import dev.majordomo.llm.ResponseStream;
      import dev.majordomo.media.Image;
      import java.util.*;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      """;

  /** Compiles {@code t.A} under {@code -Xlint:all -Werror}; it must succeed without a warning. */
  private static String generate(String body) {
    Compilation c = compileStrict(source("t.A", HEADER + body));
    assertThat(c).succeededWithoutWarnings();
    return generated(c, "t.Majordomo_A");
  }

  private static void assertError(String body, String marker, String message) {
    String code = HEADER + body;
    JavaFileObject file = source("t.A", code);
    Compilation c = compile(file);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(file).onLine(line(code, marker));
  }

  @Nested
  class IdTypes {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "String     | String",
          "UUID       | UUID",
          "long       | long",
          "Long       | Long",
          "int        | int",
          "Integer    | Integer",
          "Queue      | A.Queue",
        })
    void everySupportedTypeCompilesAndIsPassedAsTheConversation(String type, String printed) {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                @Prompt("{{question}}")
                String answer(@MemoryId %s customer, String question);

                enum Queue { BILLING, SHIPPING }
              }
              """
                  .formatted(type));

      assertThat(code)
          .contains("public String answer(" + printed + " customer, String question) {")
          .contains(".inConversation(customer);")
          .contains(".withMemoryId(\"customer\")");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Object",
          "short",
          "char",
          "double",
          "Short",
          "CharSequence",
          "List<String>",
          "String[]",
          "Image",
          "java.time.LocalDate",
        })
    void everyOtherTypeIsAnErrorOnTheParameterListingTheSupportedOnes(String type) {
      assertError(
          """
          @Llm(chain = "fast")
          interface A {
            @Prompt("{{question}}")
            String answer(
                @MemoryId %s customer,
                String question);
          }
          """
              .formatted(type),
          "@MemoryId",
          "[UNSUPPORTED_MEMORY_ID_TYPE] @MemoryId parameter 'customer' of A.answer() has type ");
    }

    @Test
    void noHintWhenTheTypeHasNoIdAccessor() {
      String code =
          HEADER
              + """
              @Llm(chain = "fast")
              interface A {
                @Prompt("{{question}}")
                String answer(
                    @MemoryId Customer customer,
                    String question);

                record Customer(String name, List<String> ids) {}
              }
              """;
      Compilation c = compile(source("t.A", code));
      assertThat(c).failed();
      assertThat(c).hadErrorContaining("Supported: String, UUID, long or Long, int or Integer");
      assertThat(c.errors())
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage(null)).endsWith("an enum."));
    }

    @Test
    void theHintNamesAGetterOfAnIdType() {
      assertError(
          """
          @Llm(chain = "fast")
          interface A {
            @Prompt("{{question}}")
            String answer(
                @MemoryId Account account,
                String question);

            final class Account {
              public long getId() {
                return 1;
              }
            }
          }
          """,
          "@MemoryId Account",
          "Did you mean to take its getId() instead, passing account.getId()?");
    }

    @Test
    void aSecondMemoryIdIsReportedOnItselfNamingTheFirst() {
      String code =
          HEADER
              + """
              @Llm(chain = "fast")
              interface A {
                @Prompt("{{question}}")
                String answer(@MemoryId String customer, String question, @MemoryId UUID ticket);
              }
              """;
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      assertThat(c).hadErrorCount(1);
      assertThat(c)
          .hadErrorContaining(
              "[DUPLICATE_MEMORY_ID] A.answer() has @MemoryId on parameters"
                  + " 'customer' and 'ticket'")
          .inFile(file)
          .onLine(line(code, "@MemoryId UUID ticket"))
          .atColumn(column(code, "@MemoryId UUID ticket"));
    }
  }

  @Nested
  class Generation {
    @Test
    void theIdMayAlsoBeUsedInTheTemplate() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                @Prompt("Customer {{customer}} asks: {{question}}")
                String answer(@MemoryId String customer, String question);
              }
              """);

      assertThat(code)
          .contains(
              "CallPrompt.of(null, \"Customer \" + customer + \" asks: \" + question)"
                  + ".inConversation(customer);");
    }

    @Test
    void withoutPromptTheIdIsNeitherTheMessageNorAnUnusedParameter() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                String answer(@MemoryId String customer, String question);

                @Prompt("{{question}}")
                String other(@MemoryId String customer, String question);
              }
              """);

      assertThat(code)
          .contains(
              "CallPrompt prompt = CallPrompt.of(null, String.valueOf(question))"
                  + ".inConversation(customer);");
    }

    @Test
    void aStreamOfTextKeepsMemoryAndPassesTheId() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                @Prompt("{{question}}")
                Stream<String> answer(@MemoryId long ticket, String question);
              }
              """);

      assertThat(code)
          .contains("CallPrompt.of(null, String.valueOf(question)).inConversation(ticket);")
          .contains("return runtime.streamText(ANSWER, Toolbox.empty(), prompt);");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "CompletableFuture<String>",
          "CompletableFuture<Reply<List<String>>>",
          "Reply<String>",
          "Optional<Integer>",
        })
    void everyOtherReturnKindKeepsMemoryToo(String returns) {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                %s answer(@MemoryId String customer, String question);
              }
              """
                  .formatted(returns));

      assertThat(code).contains(".inConversation(customer);");
    }

    @Test
    void rawEventsCannotKeepMemory() {
      assertError(
          """
          @Llm(chain = "fast")
          interface A {
            ResponseStream answer(
                @MemoryId String customer,
                String question);
          }
          """,
          "@MemoryId String customer",
          "[MEMORY_ID_ON_EVENT_STREAM] @MemoryId on A.answer(), which returns ResponseStream");
    }

    @Test
    void imagesAndMemoryGoTogether() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                @Prompt("What is this?")
                String look(@MemoryId String customer, Image photo);
              }
              """);

      assertThat(code)
          .contains("CallPrompt prompt = new CallPrompt(null, parts).inConversation(customer);");
    }

    @Test
    void aLongPromptBreaksBeforeTheConversationAsGoogleJavaFormatWould() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              @SystemPrompt("You are the support desk.")
              interface A {
                @Prompt("{{customer}} writes, and wants a short, friendly, exact answer: {{q}}")
                String answer(@MemoryId String customer, String q);
              }
              """);

      // the arguments 8 columns in, the call that follows 4 columns in
      assertThat(code)
          .contains(
              "    CallPrompt prompt =\n        CallPrompt.of(\n                SYSTEM_PROMPT,\n")
          .contains(")\n            .inConversation(customer);\n");
      assertThat(code.lines().filter(line -> line.length() > Layout.COLUMNS)).isEmpty();
    }

    @Test
    void aRenamedParameterIsPassedUnderItsNewNameAndPlannedUnderItsOwn() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                @Prompt("{{question}}")
                String answer(@MemoryId String Toolbox, String question);
              }
              """);

      assertThat(code)
          .contains(".inConversation(Toolbox_);")
          .contains(".withMemoryId(\"Toolbox\")");
    }

    @Test
    void aMethodWithoutMemoryHasNoMemoryStepsEvenWhenItsInterfaceSetsLimits() {
      String code =
          generate(
              """
              @Llm(chain = "fast", maxHistoryMessages = 10)
              interface A {
                String answer(String question);
              }
              """);

      assertThat(code)
          .doesNotContain("withMemoryId")
          .doesNotContain("withHistoryLimits")
          .doesNotContain("inConversation");
    }
  }

  @Nested
  class HistoryLimits {
    @Test
    void aMethodOverridesEachLimitOfItsInterfaceSeparately() {
      String code =
          generate(
              """
              @Llm(chain = "fast", maxHistoryMessages = 20, maxHistoryTokens = 3000)
              interface A {
                String inherits(@MemoryId String customer, String question);

                @Llm(maxHistoryTokens = 500)
                String fewerTokens(@MemoryId String customer, String question);

                @Llm(maxHistoryMessages = 2)
                String fewerMessages(@MemoryId String customer, String question);
              }
              """);

      assertThat(code)
          .contains(
              "forMethod(\"A\", \"inherits\")\n          .withChain(\"fast\")\n"
                  + "          .withMemoryId(\"customer\")\n          .withHistoryLimits(20, 3000);")
          .contains(".withHistoryLimits(20, 500);")
          .contains(".withHistoryLimits(2, 3000);");
    }

    @Test
    void limitsSetNowhereAreInheritedAtRunTimeSoThePlanHasNoStep() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                String answer(@MemoryId String customer, String question);
              }
              """);

      assertThat(code)
          .contains(
              "MethodPlan.forMethod(\"A\", \"answer\").withChain(\"fast\")"
                  + ".withMemoryId(\"customer\");")
          .doesNotContain("withHistoryLimits");
    }

    @ParameterizedTest
    @CsvSource({
      "maxHistoryMessages, 0",
      "maxHistoryMessages, -2",
      "maxHistoryTokens, 0",
      "maxHistoryTokens, -100",
    })
    void zeroAndBelowMinusOneAreErrorsWithTheCaretOnTheValue(String attribute, int value) {
      String code =
          HEADER
              + """
              @Llm(chain = "fast")
              interface A {
                @Llm(%s = %d)
                String answer(@MemoryId String customer, String question);
              }
              """
                  .formatted(attribute, value);
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining(
              "[INVALID_OPTION] Invalid @Llm "
                  + attribute
                  + ": it must be >= 1 (or -1 to inherit), was "
                  + value)
          .inFile(file)
          .onLine(line(code, "@Llm(" + attribute))
          .atColumn(column(code, String.valueOf(value) + ")"));
    }

    @Test
    void onTheInterfaceToo() {
      assertError(
          """
          @Llm(chain = "fast", maxHistoryTokens = 0)
          interface A {
            String answer(@MemoryId String customer, String question);
          }
          """,
          "maxHistoryTokens = 0",
          "Invalid @Llm maxHistoryTokens: it must be >= 1 (or -1 to inherit), was 0");
    }
  }

  @Nested
  class Placement {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "default String hint(@MemoryId String customer) { return customer; }"
              + " | A.hint() | the method has a body",
          "static String hint(@MemoryId String customer) { return customer; }"
              + " | A.hint() | the method has a body",
        })
    void onAMethodWithABodyOfAnAssistant(String method, String where, String reason) {
      assertError(
          """
          @Llm(chain = "fast")
          interface A {
            String answer(String question);

            %s
          }
          """
              .formatted(method),
          "@MemoryId String customer",
          "[MISPLACED_MEMORY_ID] @MemoryId on parameter 'customer' of "
              + where
              + " does nothing: "
              + reason);
    }

    @Test
    void onAToolMethodOfAToolClass() {
      assertError(
          """
          @Llm(chain = "fast", tools = A.Orders.class)
          interface A {
            String answer(String question);

            class Orders {
              @Tool("Looks up an order.")
              public String order(
                  @MemoryId String customer) {
                return customer;
              }
            }
          }
          """,
          "@MemoryId String customer",
          "@MemoryId on parameter 'customer' of Orders.order() does nothing: it is a @Tool method,"
              + " whose arguments the model chooses.");
    }

    @Test
    void onAConstructorAndARecordComponent() {
      String code =
          HEADER
              + """
              class A {
                A(@MemoryId String customer) {}

                record Key(@MemoryId String id) {}
              }
              """;
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining(
              "@MemoryId on parameter 'customer' of the constructor of A does nothing: a"
                  + " constructor never calls a model")
          .inFile(file)
          .onLine(line(code, "A(@MemoryId"));
      assertThat(c)
          .hadErrorContaining("@MemoryId on parameter 'id' of the constructor of Key does nothing")
          .inFile(file)
          .onLine(line(code, "record Key"));
    }

    @Test
    void onAnAbstractMethodOfAnInterfaceWithoutLlm() {
      assertError(
          """
          interface A {
            String answer(
                @MemoryId String customer,
                String question);
          }
          """,
          "@MemoryId String customer",
          "[MISSING_LLM] @MemoryId on A.answer() does nothing: A is not an assistant");
    }

    @Test
    void onASuperinterfaceOfAnAssistantItIsInheritedWithTheMethod() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A extends Base {}

              interface Base {
                String answer(@MemoryId String customer, String question);
              }
              """);

      assertThat(code).contains(".inConversation(customer);");
    }
  }

  @Nested
  class ConversationsMethods {
    @Test
    void areImplementedByTheRuntimeAndAreNotAssistantMethods() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A extends Conversations {
                String answer(@MemoryId String customer, String question);
              }
              """);

      assertThat(code)
          .contains(
              """
                @Override
                public List<Message> history(Object id) {
                  return runtime.history(id);
                }

                @Override
                public void forget(Object id) {
                  runtime.forget(id);
                }
              """)
          .doesNotContain("forMethod(\"A\", \"history\")")
          .doesNotContain("forMethod(\"A\", \"forget\")");
    }

    @Test
    void redeclaredOnesAreImplementedOnce() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A extends Conversations {
                String answer(@MemoryId String customer, String question);

                /** The customer's conversation. */
                @Override
                List<dev.majordomo.llm.Message> history(Object customer);

                @Override
                void forget(Object customer);
              }
              """);

      assertThat(code.split("public List<Message> history\\(Object id\\)", -1)).hasSize(2);
      assertThat(code.split("public void forget\\(Object id\\)", -1)).hasSize(2);
    }

    @Test
    void onesWithABodyOfTheUsersAreLeftAlone() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A extends Conversations {
                String answer(@MemoryId String customer, String question);

                @Override
                default void forget(Object customer) {
                  throw new UnsupportedOperationException("kept for the audit");
                }
              }
              """);

      assertThat(code).contains("history(Object id)").doesNotContain("forget(");
    }

    @Test
    void inheritedThroughAnotherInterface() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A extends Desk {
                String answer(@MemoryId String customer, String question);
              }

              interface Desk extends Conversations {}
              """);

      assertThat(code).contains("return runtime.history(id);");
    }

    @Test
    void aNestedTypeNamedMessageDoesNotClashWithTheHistoryType() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A extends Conversations {
                @Prompt("{{message.text}}")
                String answer(@MemoryId String customer, Message message);

                record Message(String text) {}
              }
              """);

      assertThat(code).contains("history(Object id)");
    }

    @Test
    void withoutAnyMemoryIdTheyWarnOnTheInterface() {
      String code =
          HEADER
              + """
              @Llm(chain = "fast")
              interface A extends Conversations {
                String answer(String question);
              }
              """;
      JavaFileObject file = source("t.A", code);
      Compilation c = compile(file);
      assertThat(c).succeeded();
      assertThat(c).hadWarningCount(1);
      assertThat(c)
          .hadWarningContaining("[CONVERSATIONS_WITHOUT_MEMORY_ID] A extends Conversations")
          .inFile(file)
          .onLine(line(code, "interface A"));
    }

    @Test
    void anOrdinaryMethodNamedHistoryIsAnAssistantMethod() {
      String code =
          generate(
              """
              @Llm(chain = "fast")
              interface A {
                String history(String question);
              }
              """);

      assertThat(code).contains("forMethod(\"A\", \"history\")");
    }
  }
}
