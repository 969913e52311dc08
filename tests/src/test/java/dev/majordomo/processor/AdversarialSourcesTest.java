package dev.majordomo.processor;

import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Odd but legal sources: generated code still compiles, keeps every string and fits its lines. */
class AdversarialSourcesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Text no generated literal may change: escapes, line breaks, comment and Javadoc markers. */
  static final String HOSTILE =
      "line1\nline2\r\nTab\there \"quoted\" back\\slash \\u0041 \\\\u0042 */ /* // @param"
          + " \u00e9 \u4e2d \ud83d\ude00 \u2028 \u2029 \u0000 \u007f \b\f end\\ "
          + "x".repeat(500)
          + " "
          + "a,b\\,".repeat(60)
          + " \ud83d\ude00".repeat(45)
          + "\\u"
          + "\\";

  /** {@code s} as a Java string literal in the user's source. */
  private static String literal(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default ->
            b.append(
                c < 0x20 || c > 0x7e
                    ? String.format(Locale.ROOT, "\\u%04x", (int) c)
                    : String.valueOf(c));
      }
    }
    return b.append('"').toString();
  }

  @Test
  void hostileTextReachesTheModelExactly() throws Throwable {
    String h = literal(HOSTILE);
    String code =
        """
        package adv;

        import dev.majordomo.annotations.*;

        @Llm(chain = "fake/m")
        @SystemPrompt(%1$s)
        public interface Hostile {
          @Prompt(%1$s + "{{q}}" + %1$s)
          String ask(String q);

          Answer answer(String q);

          @Tool(%1$s)
          default String echo(@Description(%1$s) String x) {
            return x;
          }

          record Answer(@Description(%1$s) String text) {}
        }
        """
            .formatted(h);
    Compilation c = compileStrict(source("adv.Hostile", code));
    CompilationSubject.assertThat(c).succeededWithoutWarnings();
    assertThat(Compilations.generated(c, "adv.Majordomo_Hostile").lines())
        .allMatch(l -> l.length() <= 100, "at most 100 columns");
    Class<?> type = CompiledClasses.of(c).load("adv.Hostile");
    FakeProvider fake = new FakeProvider();
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(fake)
            .env(Map.of())
            .time(new FakeTimeSource())
            .build();
    Object agent = Assistants.builder(type).registry(registry).build();

    fake.model("m").reply("ok");
    call(type, agent, "ask", "Q");
    Request sent = fake.requests("m").get(0);
    assertThat(sent.messages().get(0).text()).isEqualTo(HOSTILE);
    assertThat(sent.messages().get(1).text()).isEqualTo(HOSTILE + "Q" + HOSTILE);
    ToolDefinition tool = sent.tools().get(0);
    assertThat(tool.description()).isEqualTo(HOSTILE);
    assertThat(MAPPER.readTree(tool.parametersSchema()).at("/properties/x/description").asText())
        .isEqualTo(HOSTILE);

    fake.model("m").reply("{\"text\":\"t\"}");
    call(type, agent, "answer", "Q");
    String schema = fake.requests("m").get(1).responseSchema().json();
    assertThat(MAPPER.readTree(schema).at("/properties/text/description").asText())
        .isEqualTo(HOSTILE);
  }

  private static Object call(Class<?> type, Object agent, String name, Object... args)
      throws Throwable {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name)) {
        try {
          return m.invoke(agent, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  @Test
  void veryLongNamesAndDeeplyNestedTypesCompileWithoutWarnings() {
    String name = "A" + "VeryLongName".repeat(12);
    String code =
        """
        package adv.some.deeply.nested.pkg;

        import dev.majordomo.annotations.*;
        import java.util.*;

        @Llm(chain = "fake/m", tools = %1$sTools.class)
        public interface %1$s {
          @Prompt("{{%2$s}} and {{%2$s2.%3$s}}")
          Map<String, List<Map<String, List<%1$sRecord>>>> %2$s(
              String %2$s, %1$sRecord %2$s2);

          List<List<List<List<List<int[]>>>>> nested%1$s(String q);

          Optional<Map<String, Set<%1$sEnum>>> opt%1$s(String q);

          record %1$sRecord(
              String %3$s,
              Optional<%1$sRecord> %3$sNext,
              Map<String, List<Map<String, long[]>>> %3$sMap) {}

          enum %1$sEnum { %4$s, B }
        }
        """
            .formatted(name, "m" + name, "c" + name, "E" + name.toUpperCase(Locale.ROOT));
    String tools =
        """
        package adv.some.deeply.nested.pkg;

        import dev.majordomo.annotations.*;
        import java.util.*;

        public class %1$sTools {
          @Tool(value = "A tool.", name = "t")
          public Map<String, List<%1$s.%1$sRecord>> t%1$s(
              %1$s.%1$sRecord %2$s, Map<String, List<Map<String, %1$s.%1$sEnum>>> %2$s2)
              throws java.io.IOException, java.util.concurrent.TimeoutException, %1$sException {
            return Map.of();
          }

          public static class %1$sException extends Exception {
            private static final long serialVersionUID = 1L;
          }
        }
        """
            .formatted(name, "p" + name);
    CompilationSubject.assertThat(
            compileStrict(
                source("adv.some.deeply.nested.pkg." + name, code),
                source("adv.some.deeply.nested.pkg." + name + "Tools", tools)))
        .succeededWithoutWarnings();
  }

  @Test
  void assistantsConstantsAndParametersNamedLikeTheTypesOfGeneratedCodeCompile() {
    List<String> names =
        List.of(
            "Json",
            "MethodPlan",
            "ReplyDecoder",
            "CallPrompt",
            "GenerationOptions",
            "Toolbox",
            "ResponseSchema",
            "ToolDefinition",
            "GeneratedTool",
            "AssistantRuntime",
            "JsonNode",
            "Part",
            "Reply",
            "Objects",
            "ArrayList",
            "List",
            "Map",
            "String",
            "Integer",
            "Image");
    for (String name : names) {
      // as the assistant's own name, as a constant of it, and as a parameter of every method
      for (String where : List.of("type", "constant", "parameter")) {
        if (where.equals("type") && List.of("String", "Integer", "Image").contains(name)) {
          continue; // the source itself uses these types by their simple names
        }
        String type = where.equals("type") ? name : "A";
        String parameter = where.equals("parameter") ? ", int " + name : "";
        String variable = where.equals("parameter") ? " {{" + name + "}}" : "";
        String pkg = "clash." + where + "." + name.toLowerCase(Locale.ROOT);
        String code =
            """
            package %1$s;

            import dev.majordomo.annotations.*;
            import dev.majordomo.media.Image;

            @Llm(chain = "fake/m", tools = %2$s.T.class)
            @Options(temperature = 0.5)
            public interface %2$s {
              %3$s

              @SystemPrompt("sys")
              @Prompt("{{q}}%5$s")
              java.util.List<Answer> ask(String q%4$s);

              @Prompt("{{q}}%5$s")
              java.util.Optional<Integer> count(String q%4$s);

              @Prompt("{{q}}%5$s")
              dev.majordomo.Reply<String> text(String q%4$s);

              @Prompt("{{q}}%5$s")
              String look(String q, Image i, java.util.List<Image> more%4$s);

              @Prompt("{{q}}%5$s")
              java.util.concurrent.CompletableFuture<String> later(String q%4$s);

              @Prompt("{{q}}%5$s")
              java.util.stream.Stream<String> stream(String q%4$s);

              @Tool("t")
              default String echo(java.util.Map<String, Integer> x, int[] y%4$s) {
                return "";
              }

              record Answer(
                  String text,
                  java.util.Optional<Integer> n,
                  int[] a,
                  java.util.Map<String, Long> m) {}

              class T {
                @Tool("u")
                public void u(Answer a%4$s) throws java.io.IOException {}
              }
            }
            """
                .formatted(
                    pkg,
                    type,
                    where.equals("constant") ? "int " + name + " = 1;" : "",
                    parameter,
                    variable);
        Compilation c = compileStrict(source(pkg + "." + type, code));
        assertThat(c.status()).as(where + " " + name).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(c.warnings()).as(where + " " + name).isEmpty();
      }
    }
  }

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

  @Test
  void dollarsAndNonAsciiLettersInNamesCompileAndDecode() throws Throwable {
    String code =
        """
        package dollar;

        import dev.majordomo.annotations.*;

        @Llm(chain = "fake/m")
        public interface Cash$Desk {
          @Prompt("{{a$b}} {{citt\u00e0}}")
          $Answer $ask(String a$b, String citt\u00e0);

          record $Answer(int $x, String citt\u00e0, java.util.Map<String, Integer> m$) {}
        }
        """;
    Compilation c = compileStrict(source("dollar.Cash$Desk", code));
    CompilationSubject.assertThat(c).succeededWithoutWarnings();
    Class<?> type = CompiledClasses.of(c).load("dollar.Cash$Desk");
    FakeProvider fake = new FakeProvider();
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(fake)
            .env(Map.of())
            .time(new FakeTimeSource())
            .build();
    Object desk = Assistants.builder(type).registry(registry).build();
    fake.model("m")
        .reply("{\"$x\":1,\"citt\u00e0\":\"Roma\",\"m$\":[{\"key\":\"$\",\"value\":2}]}");
    Object answer = call(type, desk, "$ask", "1$", "Roma");
    assertThat(answer.toString()).isEqualTo("$Answer[$x=1, citt\u00e0=Roma, m$={$=2}]");
    assertThat(fake.requests("m").get(0).messages().get(0).text()).isEqualTo("1$ Roma");
  }
}
