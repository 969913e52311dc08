package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.compile;
import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.generated;
import static dev.majordomo.processor.Compilations.line;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @Llm(toolSources)} in the processor: the names checked, merged from the interface and the
 * method into the plan, the constructor's check of them, and {@code close()} of an assistant that
 * extends {@link AutoCloseable}.
 */
class ToolSourcesProcessorTest {
  private static final String HEADER =
      """
      package t;

      import dev.majordomo.annotations.*;

      """;

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

  @Test
  void aMethodsSourcesFollowItsInterfacesAndTheConstructorChecksThem() {
    String code =
        generate(
            """
            @Llm(chain = "fast", toolSources = {"files", "wiki"})
            interface A {
              @Llm(toolSources = "issues")
              String ask(String question);

              String other(String question);
            }
            """);

    assertThat(code)
        .contains(".withToolSources(\"files\", \"wiki\", \"issues\")")
        .contains(
            "MethodPlan.forMethod(\"A\", \"other\").withChain(\"fast\")"
                + ".withToolSources(\"files\", \"wiki\");")
        .contains("runtime.requireToolSources(ASK, OTHER);");
  }

  @Test
  void anAssistantWithoutSourcesChecksNone() {
    String code =
        generate(
            """
            @Llm(chain = "fast")
            interface A {
              String ask(String question);
            }
            """);

    assertThat(code).doesNotContain("withToolSources").doesNotContain("requireToolSources");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "files_2", "MCP-server", "abcdefghijklmnopqrstuvwxyz012345"})
  void validNamesCompile(String name) {
    String code =
        generate(
            """
            @Llm(chain = "fast", toolSources = "%s")
            interface A {
              String ask(String question);
            }
            """
                .formatted(name));

    assertThat(code).contains(".withToolSources(\"" + name + "\")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "my.files", "abcdefghijklmnopqrstuvwxyz0123456", "files/x"})
  void invalidNamesAreErrors(String name) {
    assertError(
        """
        @Llm(chain = "fast")
        interface A {
          @Llm(toolSources = "%s")
          String ask(String question);
        }
        """
            .formatted(name),
        "toolSources",
        "[INVALID_TOOL_SOURCE_NAME] Tool source name '" + name + "' on A.ask() is not allowed");
  }

  @Test
  void aNameTwiceInOneAnnotationIsAnError() {
    assertError(
        """
        @Llm(chain = "fast", toolSources = {"files", "files"})
        interface A {
          String ask(String question);
        }
        """,
        "toolSources",
        "[DUPLICATE_TOOL_SOURCE] A names tool source 'files' twice in one @Llm. Remove the second"
            + " mention.");
  }

  @Test
  void anAutoCloseableAssistantGetsACloseThatClosesItsRuntime() {
    String code =
        generate(
            """
            @Llm(chain = "fast", toolSources = "files")
            interface A extends AutoCloseable {
              String ask(String question);

              @Override
              void close();
            }
            """);

    assertThat(code).contains("public void close() {\n    runtime.close();\n  }");
  }

  @Test
  void aCloseableAssistantGetsACloseThatThrowsNothing() {
    String code =
        generate(
            """
            @Llm(chain = "fast")
            interface A extends java.io.Closeable {
              String ask(String question);
            }
            """);

    assertThat(code).contains("public void close() {\n    runtime.close();\n  }");
  }

  @Test
  void aDefaultCloseIsTheUsersAndNotGenerated() {
    String code =
        generate(
            """
            @Llm(chain = "fast")
            interface A extends AutoCloseable {
              String ask(String question);

              @Override
              default void close() {}
            }
            """);

    assertThat(code).doesNotContain("void close()");
  }

  @Test
  void closeWithAnAnnotationOfAModelCallIsAnError() {
    assertError(
        """
        @Llm(chain = "fast")
        interface A extends AutoCloseable {
          String ask(String question);

          @Override
          @Llm(chain = "other")
          void close();
        }
        """,
        "@Llm(chain = \"other\")",
        "[CLOSE_WITH_ANNOTATION] A extends AutoCloseable, so the generated close() closes the"
            + " assistant (the tool sources given to its builder), but close() has @Llm");
  }

  @Test
  void closeOfAnInterfaceThatIsNotAutoCloseableIsAnOrdinaryMethod() {
    assertError(
        """
        @Llm(chain = "fast")
        interface A {
          void close();
        }
        """,
        "void close()",
        "close()");
  }
}
