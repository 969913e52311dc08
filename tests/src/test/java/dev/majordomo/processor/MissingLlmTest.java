package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.compile;
import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Prompt}, {@code @SystemPrompt} and {@code @Options} outside an assistant do nothing, so
 * they are a {@code [MISSING_LLM]} error on the annotation; on a superinterface of an assistant
 * they are used, so they are fine.
 */
class MissingLlmTest {
  private static final String HEADER =
      """
      package t;

      import dev.majordomo.annotations.*;

      """;

  private static long errors(Compilation c) {
    return c.diagnostics().stream().filter(d -> d.getKind() == Kind.ERROR).count();
  }

  @Test
  void aPromptOnAnInterfaceWithoutLlmIsAnErrorOnThePrompt() {
    String code =
        HEADER
            + """
            interface Agent {
              @Prompt("Plan a day in {{city}}.")
              String plan(String city);
            }
            """;
    JavaFileObject file = source("t.Agent", code);
    Compilation c = compile(file);

    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[MISSING_LLM] @Prompt on Agent.plan() does nothing: Agent is not an assistant,"
                + " because neither it nor any of its methods carries @Llm (and no assistant in"
                + " this compilation extends it). Add @Llm(chain = \"...\") to the interface (or"
                + " to the method).")
        .inFile(file)
        .onLineContaining("@Prompt");
    assertThat(errors(c)).isEqualTo(1);
  }

  @Test
  void systemPromptAndOptionsOnTheTypeOrAMethodAreErrorsToo() {
    String code =
        HEADER
            + """
            @SystemPrompt("You are terse.")
            @Options(temperature = 0.1)
            interface Agent {
              @Options(maxTokens = 100)
              String ask(String question);

              @SystemPrompt("Be kind.")
              String kind(String question);
            }
            """;
    JavaFileObject file = source("t.Agent", code);
    Compilation c = compile(file);

    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[MISSING_LLM] @SystemPrompt on interface Agent does nothing")
        .inFile(file)
        .onLineContaining("@SystemPrompt(\"You are terse.\")");
    assertThat(c)
        .hadErrorContaining("[MISSING_LLM] @Options on interface Agent does nothing")
        .inFile(file)
        .onLineContaining("@Options(temperature");
    assertThat(c)
        .hadErrorContaining("[MISSING_LLM] @Options on Agent.ask() does nothing")
        .inFile(file)
        .onLineContaining("@Options(maxTokens");
    assertThat(c)
        .hadErrorContaining("[MISSING_LLM] @SystemPrompt on Agent.kind() does nothing")
        .inFile(file)
        .onLineContaining("@SystemPrompt(\"Be kind.\")");
    assertThat(errors(c)).isEqualTo(4);
  }

  @Test
  void aPromptOnAClassMethodSaysAssistantsAreInterfaces() {
    String code =
        HEADER
            + """
            class Agent {
              @Prompt("Hello {{name}}.")
              String hello(String name) {
                return name;
              }
            }
            """;
    JavaFileObject file = source("t.Agent", code);
    Compilation c = compile(file);

    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[MISSING_LLM] @Prompt on Agent.hello() does nothing: Agent is a class, and only"
                + " interfaces are assistants. Add @Llm(chain = \"...\") to an interface that"
                + " declares the method instead.")
        .inFile(file)
        .onLineContaining("@Prompt");
  }

  @Test
  void aSystemPromptOnARecordNamesItsKind() {
    String code =
        HEADER
            + """
            @SystemPrompt("You are terse.")
            record Agent(String name) {}
            """;
    JavaFileObject file = source("t.Agent", code);
    Compilation c = compile(file);

    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[MISSING_LLM] @SystemPrompt on record Agent does nothing: Agent is a record, and only"
                + " interfaces are assistants.")
        .inFile(file)
        .onLineContaining("@SystemPrompt");
  }

  @Test
  void anInterfaceNestedInAnAssistantIsNotAnAssistantItself() {
    String code =
        HEADER
            + """
            @Llm(chain = "fast")
            interface Agent {
              String ask(String question);

              interface Helper {
                @Prompt("Help with {{topic}}.")
                String help(String topic);
              }
            }
            """;
    JavaFileObject file = source("t.Agent", code);
    Compilation c = compile(file);

    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[MISSING_LLM] @Prompt on Helper.help() does nothing: Agent.Helper")
        .inFile(file)
        .onLineContaining("@Prompt");
    assertThat(errors(c)).isEqualTo(1);
  }

  @Test
  void superinterfacesOfAnAssistantInTheCompilationMayCarryThem() {
    Compilation c =
        compileStrict(
            source(
                "t.Base",
                HEADER
                    + """
                    @SystemPrompt("You are terse.")
                    interface Base {
                      @Prompt("Answer about {{topic}}.")
                      @Options(maxTokens = 50)
                      String answer(String topic);
                    }
                    """),
            source(
                "t.Middle",
                HEADER
                    + """
                    interface Middle extends Base {
                      @Prompt("Summarise {{text}}.")
                      String summarise(String text);
                    }
                    """),
            source(
                "t.Agent",
                HEADER
                    + """
                    @Llm(chain = "fast")
                    interface Agent extends Middle {
                      String ask(String question);
                    }
                    """));

    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("t.Majordomo_Agent");
  }

  @Test
  void anLlmOnOneMethodMakesTheInterfaceAnAssistantForTheOthers() {
    Compilation c =
        compileStrict(
            source(
                "t.Agent",
                HEADER
                    + """
                    interface Agent {
                      @Llm(chain = "fast")
                      String ask(String question);

                      @Llm(chain = "slow")
                      @Prompt("Plan {{city}}.")
                      @Options(maxTokens = 10)
                      String plan(String city);
                    }
                    """));

    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void toolAndDescriptionAreFineOutsideAssistants() {
    Compilation c =
        compileStrict(
            source(
                "t.Tools",
                HEADER
                    + """
                    public class Tools {
                      @Tool("Looks a word up.")
                      @Description("Looks a word up.")
                      public String lookUp(@Description("the word") String word) {
                        return word;
                      }
                    }
                    """),
            source(
                "t.Trip",
                HEADER
                    + """
                    @Description("A trip.")
                    record Trip(@Description("where") String city) {}
                    """));

    assertThat(c).succeededWithoutWarnings();
  }
}
