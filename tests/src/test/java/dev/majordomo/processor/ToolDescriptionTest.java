package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.compile;
import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.generated;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Tool} without a value: the description falls back to {@code @Description}, then the
 * Javadoc; with neither, a {@code [TOOL_WITHOUT_DESCRIPTION]} warning names the method.
 */
class ToolDescriptionTest {
  private static final String ASSISTANT =
      """
      package t;

      import dev.majordomo.annotations.*;

      @Llm(chain = "fast", tools = Tools.class)
      interface A {
        String ask(String question);
      }
      """;

  private static JavaFileObject tools(String body) {
    return source(
        "t.Tools",
        """
        package t;

        import dev.majordomo.annotations.*;

        public class Tools {
        %s
        }
        """
            .formatted(body));
  }

  private static String toolDefinition(Compilation c) {
    String code = generated(c, "t.Majordomo_A").replaceAll("\\s+", " ");
    int at = code.indexOf("new ToolDefinition(");
    assertThat(at).as("a tool definition in %s", code).isNotNegative();
    return code.substring(at, code.indexOf(";", at));
  }

  @Test
  void aToolWithoutAValueTakesItsDescriptionAnnotation() {
    Compilation c =
        compileStrict(
            source("t.A", ASSISTANT),
            tools(
                """
                  @Tool
                  @Description("Looks a word up in the dictionary.")
                  public String lookUp(String word) { return word; }
                """));

    assertThat(c).succeededWithoutWarnings();
    assertThat(toolDefinition(c)).contains("\"lookUp\", \"Looks a word up in the dictionary.\"");
  }

  @Test
  void aToolWithoutAValueOrDescriptionTakesItsJavadoc() {
    Compilation c =
        compileStrict(
            source("t.A", ASSISTANT),
            tools(
                """
                  /**
                   * Looks a {@code word} up.
                   *
                   * @param word the word
                   */
                  @Tool(name = "dictionary")
                  public String lookUp(String word) { return word; }
                """));

    assertThat(c).succeededWithoutWarnings();
    assertThat(toolDefinition(c)).contains("\"dictionary\", \"Looks a word up.\"");
  }

  @Test
  void anExplicitValueWinsOverDescriptionAndJavadoc() {
    Compilation c =
        compileStrict(
            source("t.A", ASSISTANT),
            tools(
                """
                  /** From Javadoc. */
                  @Tool("From the annotation.")
                  @Description("From @Description.")
                  public String lookUp(String word) { return word; }
                """));

    assertThat(c).succeededWithoutWarnings();
    assertThat(toolDefinition(c)).contains("\"From the annotation.\"");
  }

  @Test
  void aToolWithNoDescriptionAtAllCompilesWithAWarningNamingTheMethod() {
    String body =
        """
          @Tool
          public String lookUp(String word) { return word; }

          @Tool(" ")
          public String spell(String word) { return word; }
        """;
    JavaFileObject tools = tools(body);
    Compilation c = compile(source("t.A", ASSISTANT), tools);

    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining(
            "[TOOL_WITHOUT_DESCRIPTION] Tool method Tools.lookUp() has no description")
        .inFile(tools)
        .onLine(6);
    assertThat(c)
        .hadWarningContaining(
            "[TOOL_WITHOUT_DESCRIPTION] Tool method Tools.spell() has no description")
        .inFile(tools)
        .onLine(9);
    assertThat(c.diagnostics().stream().filter(d -> d.getKind() == Kind.WARNING)).hasSize(2);
    // the model still gets the tool, described by its name alone
    assertThat(toolDefinition(c)).contains("\"lookUp\", \"lookUp\"");
  }

  @Test
  void underWerrorTheWarningFailsTheBuildUntilTheToolIsDescribed() {
    Compilation c =
        compileStrict(
            source("t.A", ASSISTANT),
            tools(
                """
                  @Tool
                  public String lookUp(String word) { return word; }
                """));

    assertThat(c).failed();
    assertThat(c).hadWarningContaining("[TOOL_WITHOUT_DESCRIPTION]");
  }

  @Test
  void aDefaultMethodToolOfTheAssistantFallsBackToo() {
    Compilation c =
        compileStrict(
            source(
                "t.B",
                """
                package t;

                import dev.majordomo.annotations.*;

                @Llm(chain = "fast")
                interface B {
                  String ask(String question);

                  /** Today's date. */
                  @Tool
                  default String today() { return "2026-12-05"; }
                }
                """));

    assertThat(c).succeededWithoutWarnings();
    assertThat(generated(c, "t.Majordomo_B")).contains("\"Today's date.\"");
  }
}
