package dev.majordomo.processor;

import static dev.majordomo.processor.Compilations.compile;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The template parser fed random text, and the whole renderer (parser, code generation, the
 * compiled string concatenation) fed random valid templates: parsing is total and faithful, and a
 * generated assistant sends exactly the text its template says.
 */
class TemplatePropertiesTest {
  private static final Pattern VARIABLE =
      // Java identifiers (docs/annotations.md), without javac's ignorable characters
      Pattern.compile(Template.IDENTIFIER + "(\\." + Template.IDENTIFIER + ")*");
  private static final Duration TRY_LIMIT = Duration.ofSeconds(10);

  @Property(tries = 3000)
  void parsingIsTotalAndPointsAtTheProblem(@ForAll("templates") String text) {
    Template.Parsed parsed = assertTimeoutPreemptively(TRY_LIMIT, () -> Template.parse(text));

    assertThat(parsed.template() == null).isNotEqualTo(parsed.problem() == null);
    if (parsed.problem() != null) {
      Template.Problem p = parsed.problem();
      assertThat(p.index()).isBetween(0, text.length() - 2);
      assertThat(text.startsWith("{{", p.index())).isTrue();
      if (p.diagnostic() == Diagnostic.UNCLOSED_TEMPLATE_VARIABLE) {
        assertThat(text.indexOf("}}", p.index() + 2)).isNegative();
      } else {
        assertThat(p.diagnostic()).isEqualTo(Diagnostic.MALFORMED_TEMPLATE_VARIABLE);
        assertThat(VARIABLE.matcher(p.text()).matches()).isFalse();
      }
    }
  }

  @Property(tries = 3000)
  void aParsedTemplateIsItsTextWithTheVariablesCutOut(@ForAll("templates") String text) {
    Template.Parsed parsed = Template.parse(text);
    if (parsed.template() == null) {
      return;
    }
    StringBuilder literals = new StringBuilder();
    StringBuilder cut = new StringBuilder();
    StringBuilder canonical = new StringBuilder();
    int from = 0;
    for (Template.Segment s : parsed.template().segments()) {
      if (s instanceof Template.Literal l) {
        assertThat(l.text()).isNotEmpty().doesNotContain("{{");
        literals.append(l.text());
        canonical.append(l.text());
      } else {
        Template.Variable v = (Template.Variable) s;
        assertThat(v.index()).isGreaterThanOrEqualTo(from);
        assertThat(text.startsWith("{{", v.index())).isTrue();
        assertThat(VARIABLE.matcher(v.text()).matches()).isTrue();
        assertThat(v.root() + (v.path().isEmpty() ? "" : "." + String.join(".", v.path())))
            .isEqualTo(v.text());
        int close = text.indexOf("}}", v.index() + 2);
        assertThat(text.substring(v.index() + 2, close).strip()).isEqualTo(v.text());
        cut.append(text, from, v.index());
        from = close + 2;
        canonical.append("{{").append(v.text()).append("}}");
      }
    }
    cut.append(text, from, text.length());
    assertThat(literals.toString()).isEqualTo(cut.toString());
    // The canonical form (no spaces in the braces) parses to the same literals and variables.
    Template.Parsed again = Template.parse(canonical.toString());
    assertThat(again.template()).isNotNull();
    assertThat(shape(again.template())).isEqualTo(shape(parsed.template()));
  }

  private static List<String> shape(Template t) {
    List<String> out = new ArrayList<>();
    for (Template.Segment s : t.segments()) {
      out.add(
          s instanceof Template.Literal l
              ? "L:" + l.text()
              : "V:" + ((Template.Variable) s).text());
    }
    return out;
  }

  /**
   * One compilation per try, of an assistant with one method per template: every method's user
   * message is its template with the arguments in place, whatever the literal text holds (quotes,
   * backslashes, {@code $}, comment closers, unicode, braces).
   */
  @Property(tries = 3)
  void generatedAssistantsSendExactlyTheRenderedTemplate(
      @ForAll("validTemplates") List<String> templates) throws Exception {
    StringBuilder code =
        new StringBuilder(
                "package fz;\nimport dev.majordomo.annotations.*;\n@Llm(chain = \"fake/m\")\n")
            .append("public interface Agent {\n");
    for (int i = 0; i < templates.size(); i++) {
      code.append("  @Prompt(\"")
          .append(javaString(templates.get(i)))
          .append("\")\n  String m")
          .append(i)
          .append("(String city, int n);\n");
    }
    code.append("}\n");
    CompiledClasses classes = CompiledClasses.of(compile(source("fz.Agent", code.toString())));
    Class<?> type = classes.load("fz.Agent");
    FakeProvider fake = new FakeProvider();
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(fake)
            .env(Map.of())
            .time(new FakeTimeSource())
            .build();
    Object agent = Assistants.create(type, registry);
    String city = "Bern \"$1\" \\ {{n}} */";
    int n = -7;
    for (int i = 0; i < templates.size(); i++) {
      fake.model("m").reply("ok");
      Method method = type.getMethod("m" + i, String.class, int.class);
      assertThat(method.invoke(agent, city, n)).isEqualTo("ok");
      List<Message> sent = fake.requests("m").get(i).messages();
      String expected = templates.get(i).replaceAll("\\{\\{ *city *}}", "\u0000CITY\u0000");
      expected = expected.replaceAll("\\{\\{ *n *}}", String.valueOf(n));
      expected = expected.replace("\u0000CITY\u0000", city);
      assertThat(sent.get(sent.size() - 1).text()).as(templates.get(i)).isEqualTo(expected);
    }
  }

  /** {@code text} as the inside of a Java string literal. */
  private static String javaString(String text) {
    StringBuilder s = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\t' -> s.append("\\t");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  // ---- generators ----

  @Provide
  Arbitrary<String> templates() {
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.of(
                "{{",
                "}}",
                "{",
                "}",
                "{{ a }}",
                "{{a.b}}",
                "{{ a.b.c }}",
                "{{1x}}",
                "{{a..b}}",
                "{{.a}}",
                "{{}}",
                "{{ }}",
                "{{{",
                "}}}",
                "{{a b}}",
                "{{$x}}",
                "{{é}}",
                "\n",
                " "),
            Arbitraries.strings().withChars("ab.$_1 \"\\é{}").ofMaxLength(4));
    return token.list().ofMaxSize(12).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<List<String>> validTemplates() {
    Arbitrary<String> literal =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("ab $\"\\}\n\té€*/%").ofMaxLength(6),
            Arbitraries.of("*/", "/*", "\\u0041", "$S", "$L", "%s", "\"\"\"", "}}", "😀"));
    Arbitrary<String> variable = Arbitraries.of("{{city}}", "{{ city }}", "{{n}}", "{{  n }}");
    Arbitrary<String> template =
        Arbitraries.oneOf(literal, variable)
            .list()
            .ofMaxSize(8)
            .map(parts -> "Q:" + String.join("", parts) + " {{city}}{{n}}");
    return template.list().ofMinSize(20).ofMaxSize(25);
  }
}
