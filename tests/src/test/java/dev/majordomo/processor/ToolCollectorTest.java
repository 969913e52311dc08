package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.Test;

/**
 * The tools of one assistant, collected from every {@code @Llm(tools = ...)}: each class checked
 * once, and a tool name taken twice reported where the second class was listed.
 */
class ToolCollectorTest {
  private static final String CODE =
      """
      package t;

      import dev.majordomo.annotations.*;

      interface Probe {
        class Clock { @Tool("The time.") public String now() { return ""; } }
        class Watch { @Tool("The time too.") public String now() { return ""; } }
        class Empty { }

        @Llm(chain = "x", tools = {Clock.class, Empty.class}) String first(String q);
        @Llm(chain = "x", tools = {Clock.class, Watch.class, Clock.class}) String second(String q);
        String third(String q);
      }
      """;

  @Test
  void eachClassIsCheckedOnceAndListedOncePerMethod() {
    Map<String, List<ToolSource>> listed = new LinkedHashMap<>();
    List<ToolSource> all = new ArrayList<>();
    Compilation c =
        ContextProbe.run(
            CODE,
            (context, probe) -> {
              ToolCollector tools = collector(context);
              for (ExecutableElement m : ElementFilter.methodsIn(probe.getEnclosedElements())) {
                listed.put(
                    m.getSimpleName().toString(),
                    tools.listed(m, Annotations.find(m, Annotations.LLM)));
              }
              tools.checkDuplicateNames(probe);
              all.addAll(tools.all());
            });

    assertThat(listed.get("first"))
        .extracting(s -> s.element().getSimpleName().toString())
        .containsExactly("Clock");
    assertThat(listed.get("second"))
        .extracting(s -> s.element().getSimpleName().toString())
        .containsExactly("Clock", "Watch");
    // the second listing reuses the first check's result instead of checking the class again
    assertThat(listed.get("second").get(0)).isSameAs(listed.get("first").get(0));
    assertThat(listed.get("third")).isEmpty();
    assertThat(all)
        .extracting(s -> s.element().getSimpleName().toString())
        .containsExactly("Clock", "Watch");

    assertThat(c)
        .hadErrorContaining("[NO_TOOL_METHODS] t.Probe.Empty is listed in tools")
        .inFile(c.sourceFiles().get(0))
        .onLineContaining("String first(");
    assertThat(c)
        .hadErrorContaining(
            "[DUPLICATE_TOOL_NAME] Two tools of Probe are named 'now': Clock.now() and"
                + " Watch.now().")
        .inFile(c.sourceFiles().get(0))
        .onLineContaining("String second(");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void aDuplicateAmongTheAssistantsOwnToolsIsReportedOnTheTool() {
    String code =
        """
        package t;

        import dev.majordomo.annotations.*;

        interface Probe {
          class Clock { @Tool("The time.") public String now() { return ""; } }

          @Tool("The time here.") default String now() { return ""; }

          @Llm(chain = "x", tools = Clock.class) String ask(String q);
        }
        """;
    Compilation c =
        ContextProbe.run(
            code,
            (context, probe) -> {
              ToolCollector tools = collector(context);
              new ToolValidator(context, analyzer(context), "t")
                  .selfTools(probe)
                  .ifPresent(tools::addSelf);
              for (ExecutableElement m : ElementFilter.methodsIn(probe.getEnclosedElements())) {
                tools.listed(m, Annotations.find(m, Annotations.LLM));
              }
              tools.checkDuplicateNames(probe);
            });

    assertThat(c)
        .hadErrorContaining("Two tools of Probe are named 'now': Probe.now() and Clock.now().")
        .inFile(c.sourceFiles().get(0))
        .onLineContaining("String ask(");
    assertThat(c).hadErrorCount(1);
  }

  private static ToolCollector collector(ProcessingContext context) {
    return new ToolCollector(context, new ToolValidator(context, analyzer(context), "t"));
  }

  private static TypeAnalyzer analyzer(ProcessingContext context) {
    return new TypeAnalyzer(context.elements(), context.types(), "t");
  }
}
