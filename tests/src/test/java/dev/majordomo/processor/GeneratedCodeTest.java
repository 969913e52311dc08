package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.generated;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated source: it compiles without a single warning under {@code -Xlint:all -Werror}, and
 * its key parts are what the contract with the runtime says.
 */
class GeneratedCodeTest {

  static final String TRAVEL_AGENT =
      """
      package demo;

      import dev.majordomo.Reply;
      import dev.majordomo.annotations.*;
      import dev.majordomo.llm.ResponseStream;
      import dev.majordomo.media.Image;
      import java.time.LocalDate;
      import java.util.*;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      @Llm(chain = "fast,thinking", tools = WeatherTools.class)
      @SystemPrompt("You are a terse travel assistant.")
      @Options(temperature = 0.2, timeout = "30s")
      public interface TravelAgent {
        @Prompt("Plan a day in {{city}}. Answer in {{language}}.")
        String plan(String city, String language);

        @Llm(chain = "thinking", maxToolRounds = 3)
        @Options(maxTokens = 500, stop = {"END"}, seed = 7)
        @Prompt("Build a {{trip.days}}-day itinerary for {{trip.city}} from {{trip.start}}.")
        Itinerary itinerary(Trip trip);

        String ask(String question);

        @SystemPrompt("Name things in {{language}}.")
        @Prompt("Name what you see.")
        Reply<List<String>> names(String language, Image photo, List<Image> more);

        CompletableFuture<Optional<Integer>> count(String question);

        CompletableFuture<Reply<Weather>> weather(String question);

        Stream<String> stream(String question);

        ResponseStream events(String question);

        Map<String, Day> byName(String question);

        boolean yesOrNo(String question);

        double score(String question);

        @Tool("The local time in a zone.")
        default String now(String zone) {
          return "12:00";
        }

        record Trip(String city, int days, LocalDate start) {}

        /**
         * A plan.
         *
         * @param city where
         * @param days one entry per day
         */
        record Itinerary(String city, List<Day> days, Optional<String> note) {}

        record Day(@Description("1-based") int number, Weather weather, Set<String> places) {}

        enum Weather {
          SUNNY,
          /** Wet. */
          RAIN
        }
      }
      """;

  static final String WEATHER_TOOLS =
      """
      package demo;

      import dev.majordomo.annotations.*;
      import java.time.LocalDate;
      import java.util.*;

      public class WeatherTools {
        /**
         * Gets the forecast.
         *
         * @param city the city name
         */
        @Tool("")
        public String forecast(String city, Optional<LocalDate> date) {
          return "sunny in " + city;
        }

        @Tool(value = "Records a visit.", name = "record-visit")
        public void visit(String city, int[] hours, Map<String, Integer> weights) {}

        @Tool("Lists cities.")
        public static List<String> cities(TravelAgent.Trip near) {
          return List.of(near.city());
        }
      }
      """;

  private static Compilation travelAgent() {
    return compileStrict(
        source("demo.TravelAgent", TRAVEL_AGENT), source("demo.WeatherTools", WEATHER_TOOLS));
  }

  @Test
  void compilesWithoutAnyWarningUnderXlintAllWerror() {
    Compilation c = travelAgent();
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("demo.Majordomo_TravelAgent");
  }

  @Test
  void theClassImplementsTheInterfaceAndIsGenerated() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    assertThat(code)
        .contains("@Generated(\"dev.majordomo.processor.MajordomoProcessor\")")
        .contains("@SuppressWarnings({\"deprecation\", \"removal\"})")
        .contains("public final class Majordomo_TravelAgent implements TravelAgent {")
        .contains("public Majordomo_TravelAgent(AssistantRuntime runtime) {")
        .contains("this.runtime = Objects.requireNonNull(runtime, \"runtime\");");
  }

  @Test
  void noReflectionAndNoProxies() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    assertThat(code)
        .doesNotContain("java.lang.reflect")
        .doesNotContain("Proxy")
        .doesNotContain("getMethod")
        .doesNotContain("getDeclared")
        .doesNotContain("Class.forName")
        .doesNotContain("readValue");
  }

  @Test
  void methodPlansNameEverySettingThatDiffersFromTheDefault() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    assertThat(code)
        .contains(
            """
              private static final GenerationOptions OPTIONS =
                  GenerationOptions.DEFAULTS.withTemperature(0.2).withTimeout(Duration.ofSeconds(30));
            """)
        .contains(
            """
              private static final GenerationOptions ITINERARY_OPTIONS =
                  GenerationOptions.DEFAULTS
                      .withTemperature(0.2)
                      .withMaxTokens(500)
                      .withStop(List.of("END"))
                      .withSeed(7L)
                      .withTimeout(Duration.ofSeconds(30));
            """)
        .contains(
            """
              private static final MethodPlan PLAN =
                  MethodPlan.forMethod("TravelAgent", "plan").withChain("fast,thinking").withOptions(OPTIONS);
            """)
        .contains(
            """
              private static final MethodPlan ITINERARY =
                  MethodPlan.forMethod("TravelAgent", "itinerary")
                      .withChain("thinking")
                      .withOptions(ITINERARY_OPTIONS)
                      .withMaxToolRounds(3)
                      .withResponseSchema(new ResponseSchema("Itinerary", ITINERARY_SCHEMA));
            """)
        // no rounds of its own: the registry's limit applies
        .doesNotContain("INHERIT_MAX_TOOL_ROUNDS")
        .doesNotContain("new MethodPlan(")
        .doesNotContain("new GenerationOptions(");
  }

  @Test
  void constantsAreGroupedPromptsOptionsSchemasPlansDecodersTools() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    List<String> order =
        List.of(
            "String SYSTEM_PROMPT =",
            "GenerationOptions OPTIONS =",
            "GenerationOptions ITINERARY_OPTIONS =",
            "String ITINERARY_SCHEMA =",
            "MethodPlan PLAN =",
            "MethodPlan SCORE =",
            "ReplyDecoder<TravelAgent.Itinerary> ITINERARY_DECODER =",
            "ReplyDecoder<Double> SCORE_DECODER =",
            "ToolDefinition TOOL_WEATHER_TOOLS_FORECAST =",
            "ToolDefinition TOOL_NOW =",
            "private final AssistantRuntime runtime;");
    for (int i = 1; i < order.size(); i++) {
      assertThat(code.indexOf(order.get(i)))
          .as("%s after %s", order.get(i), order.get(i - 1))
          .isGreaterThan(code.indexOf(order.get(i - 1)))
          .isPositive();
    }
  }

  @Test
  void noLineIsLongerThanOneHundredColumnsAndNoneEndsWithSpace() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    assertThat(code.lines().filter(line -> line.length() > 100)).isEmpty();
    assertThat(code.lines().filter(line -> line.endsWith(" "))).isEmpty();
    assertThat(code.lines().filter(line -> line.strip().startsWith("Exception"))).isEmpty();
  }

  @Test
  void templatesAreRenderedByConcatenation() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    assertThat(code.replaceAll("\\s+", " ").replace("( ", "("))
        .contains(
            "CallPrompt.of(SYSTEM_PROMPT, \"Plan a day in \" + city + \". Answer in \" + language"
                + " + \".\")")
        .contains(
            "CallPrompt.of(SYSTEM_PROMPT, \"Build a \" + trip.days() + \"-day itinerary for \" +"
                + " trip.city() + \" from \" + trip.start() + \".\")")
        .contains("CallPrompt.of(SYSTEM_PROMPT, String.valueOf(question))")
        .contains("new CallPrompt(\"Name things in \" + language + \".\", parts)")
        .contains(
            "private static final String SYSTEM_PROMPT = \"You are a terse travel assistant.\";");
  }

  @Test
  void imagesBecomeImageParts() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    assertThat(code)
        .contains("parts.add(Part.text(\"Name what you see.\"));")
        .contains("parts.add(Part.image(photo));")
        .contains("for (Image image : more) {\n      parts.add(Part.image(image));\n    }");
  }

  @Test
  void everyReturnKindCallsTheRightRuntimeMethod() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent").replaceAll("\\s+", " ");
    assertThat(code)
        .contains("return runtime.call(PLAN, tools, prompt, ReplyDecoder.TEXT).value();")
        .contains("return runtime.call(ITINERARY, tools, prompt, ITINERARY_DECODER).value();")
        .contains("return runtime.call(NAMES, tools, prompt, NAMES_DECODER);")
        .contains(
            "return runtime.callAsync(COUNT, tools, prompt, COUNT_DECODER).thenApply(Reply::value);")
        .contains("return runtime.callAsync(WEATHER, tools, prompt, WEATHER_DECODER);")
        .contains("return runtime.streamText(STREAM, tools, prompt);")
        .contains("return runtime.streamEvents(EVENTS, tools, prompt);")
        .contains("return runtime.call(YES_OR_NO, tools, prompt, YES_OR_NO_DECODER).value();");
  }

  @Test
  void decodersUseTheJsonHelpersAndUnwrapValue() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent").replaceAll("\\s+", " ");
    assertThat(code)
        .contains(
            "ReplyDecoder<TravelAgent.Itinerary> ITINERARY_DECODER ="
                + " ReplyDecoder.<TravelAgent.Itinerary>jsonObject("
                + "Majordomo_TravelAgent::decodeItinerary);")
        .contains(
            "ReplyDecoder<List<String>> NAMES_DECODER ="
                + " ReplyDecoder.<List<String>>jsonValue(Json::stringList);")
        .contains(
            "ReplyDecoder<Optional<Integer>> COUNT_DECODER ="
                + " ReplyDecoder.<Optional<Integer>>json(node ->"
                + " Json.<Integer>optionalField(node, \"$\", \"value\", Json::int32));")
        .contains(
            "ReplyDecoder<Boolean> YES_OR_NO_DECODER = ReplyDecoder.<Boolean>jsonValue(Json::bool);")
        .contains(
            "private static TravelAgent.Day decodeDay(JsonNode node, String path) {"
                + " return new TravelAgent.Day("
                + " Json.requiredInt32(node, path, \"number\"),"
                + " Json.<TravelAgent.Weather>requiredEnum(node, path, \"weather\","
                + " TravelAgent.Weather.class),"
                + " Json.<String>requiredSet(node, path, \"places\", Json::string)); }")
        .contains("Json.optionalString(node, path, \"note\")")
        .doesNotContain("throws Exception {  return new")
        .doesNotContain("Json.field(");
  }

  @Test
  void toolsAreDispatchedDirectly() {
    String code =
        generated(travelAgent(), "demo.Majordomo_TravelAgent")
            .replaceAll("\\s+", " ")
            .replace("( ", "(");
    assertThat(code)
        .contains(
            "Toolbox weatherTools = weatherTools(runtime.toolInstance(WeatherTools.class,"
                + " WeatherTools::new));")
        .contains("Toolbox ownTools = ownTools(this);")
        .contains("this.tools = weatherTools.with(ownTools);")
        .contains(
            "new GeneratedTool(TOOL_WEATHER_TOOLS_FORECAST, arguments -> invokeForecast(target,"
                + " arguments))")
        .contains(
            "new GeneratedTool(TOOL_WEATHER_TOOLS_CITIES, arguments -> invokeCities(arguments))")
        .contains(
            // no throws clause: forecast declares no exception, and decoding throws none checked
            "private static String invokeForecast(WeatherTools target, String arguments) {"
                + " JsonNode json = Json.parse(arguments); return target.forecast("
                + "Json.requiredString(json, \"$\", \"city\"),"
                + " Json.<LocalDate>optionalField(json, \"$\", \"date\", Json::localDate)); }")
        .contains("return Json.write(WeatherTools.cities(")
        .contains("target.visit(")
        .contains("return \"ok\";")
        .contains("Json.<int[]>requiredField(json, \"$\", \"hours\", Json::int32Array)")
        // one shared runtime type, not a nested record in every generated class
        .contains("import dev.majordomo.internal.assistant.GeneratedTool;")
        .doesNotContain("record GeneratedTool")
        .doesNotContain("interface Invoker");
  }

  @Test
  void toolDefinitionsCarryNameDescriptionAndSchema() {
    String code = generated(travelAgent(), "demo.Majordomo_TravelAgent");
    assertThat(code)
        .contains(
            """
              private static final ToolDefinition TOOL_WEATHER_TOOLS_FORECAST =
                  new ToolDefinition(
                      "forecast",
                      "Gets the forecast.",
            """)
        .contains("\\\"description\\\":\\\"the city name\\\"")
        .contains(
            "TOOL_WEATHER_TOOLS_RECORD_VISIT =\n      new ToolDefinition(\n          \"record-visit\",")
        .contains(
            "TOOL_NOW =\n      new ToolDefinition(\n          \"now\",\n"
                + "          \"The local time in a zone.\",");
  }

  @Test
  void aPackagePrivateNestedInterfaceGetsAPackagePrivateFlatName() {
    Compilation c =
        compileStrict(
            source(
                "demo.Outer",
                """
                package demo;

                import dev.majordomo.annotations.*;

                class Outer {
                  @Llm(chain = "fast")
                  interface Inner {
                    String ask(String question);
                  }
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "demo.Majordomo_Outer_Inner");
    assertThat(code).contains("\nfinal class Majordomo_Outer_Inner implements Outer.Inner {");
    assertThat(code).contains("\"Outer.Inner\"");
  }

  @Test
  void toolClassesWithoutANoArgConstructorNeedAnInstance() {
    Compilation c =
        compileStrict(
            source(
                "demo.A",
                """
                package demo;

                import dev.majordomo.annotations.*;

                @Llm(chain = "fast", tools = {A.Db.class, A.Pure.class})
                interface A {
                  String ask(String question);

                  final class Db {
                    private final String url;

                    public Db(String url) {
                      this.url = url;
                    }

                    @Tool("Looks up.")
                    public String lookUp(String key) {
                      return url + key;
                    }
                  }

                  final class Pure {
                    private Pure() {}

                    @Tool("Adds.")
                    public static int add(int a, int b) {
                      return a + b;
                    }
                  }
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "demo.Majordomo_A");
    assertThat(code)
        .contains("Toolbox db = db(runtime.toolInstance(A.Db.class, null));")
        .contains("Toolbox pure = pure();")
        .contains("return Json.write(A.Pure.add(");
  }

  @Test
  void parameterNamesThatClashWithGeneratedNamesStillCompile() {
    Compilation c =
        compileStrict(
            source(
                "demo.A",
                """
                package demo;

                import dev.majordomo.annotations.*;
                import dev.majordomo.media.Image;
                import java.util.List;

                @Llm(chain = "fast", tools = A.T.class)
                interface A {
                  @Prompt("{{runtime}} {{prompt}} {{parts}} {{tools}} {{ASK}} {{image}}")
                  String ask(String runtime, String prompt, String parts, String tools, String ASK,
                      String image, List<Image> images);

                  @Prompt("{{node}} {{path}}")
                  String ask(int node, int path);

                  class T {
                    @Tool("Uses clashing names.")
                    public String t(String json, String target, String arguments, List<String> item) {
                      return json + target + arguments + item;
                    }
                  }
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "demo.Majordomo_A");
    assertThat(code)
        .contains("this.runtime.call(Majordomo_A.ASK, this.tools, prompt_, ReplyDecoder.TEXT)")
        .contains("ASK_2");
  }

  @Test
  void deprecatedInterfacesMethodsToolsAndTypesCauseNoWarning() {
    Compilation c =
        compileStrict(
            source(
                "demo.A",
                """
                package demo;

                import dev.majordomo.annotations.*;

                @Deprecated
                @Llm(chain = "fast", tools = A.T.class)
                interface A {
                  @Deprecated(forRemoval = true)
                  Old ask(String question);

                  @Prompt("{{old.value}} {{old.legacy}}")
                  String use(Old old);

                  @Deprecated
                  record Old(String value, Mood mood) {
                    @Deprecated(forRemoval = true)
                    public String getLegacy() {
                      return value;
                    }
                  }

                  @Deprecated
                  enum Mood { CALM }

                  @Deprecated
                  class T {
                    @Deprecated
                    @Tool("Old tool.")
                    public String t(Old old) {
                      return old.value();
                    }
                  }
                }
                """));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void nestedTypesNamedLikeRuntimeTypesDoNotClash() {
    Compilation c =
        compileStrict(
            source(
                "demo.A",
                """
                package demo;

                import dev.majordomo.annotations.*;
                import java.util.List;

                @Llm(chain = "fast", tools = A.Tool.class)
                interface A {
                  record CallPrompt(String text) {}

                  record Part(int index) {}

                  record Json(String raw) {}

                  enum GenerationOptions { ONE, TWO }

                  class Tool {
                    @dev.majordomo.annotations.Tool("Echoes.")
                    public Json echo(Json json, GenerationOptions option) {
                      return json;
                    }
                  }

                  @dev.majordomo.annotations.Prompt("{{prompt.text}} {{part.index}}")
                  @dev.majordomo.annotations.Options(temperature = 0)
                  List<Part> parts(CallPrompt prompt, Part part);
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(generated(c, "demo.Majordomo_A"))
        .contains("dev.majordomo.internal.assistant.CallPrompt prompt_")
        .contains("dev.majordomo.internal.assistant.CallPrompt.of(")
        .contains("dev.majordomo.internal.assistant.Json.<A.Part>list(");
  }

  @Test
  void inheritedAndGenericSuperinterfaceMethodsAreImplemented() {
    Compilation c =
        compileStrict(
            source(
                "demo.Base",
                """
                package demo;

                import dev.majordomo.annotations.*;

                interface Base<T> {
                  @Prompt("Answer about {{topic}}.")
                  T answer(String topic);

                  String toString();
                }
                """),
            source(
                "demo.A",
                """
                package demo;

                import dev.majordomo.annotations.*;
                import java.util.List;

                @Llm(chain = "fast")
                interface A extends Base<List<String>> {
                  String ask(String question);
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "demo.Majordomo_A");
    assertThat(code)
        .contains("public List<String> answer(String topic) {")
        .contains("ANSWER_DECODER")
        .doesNotContain("toString()");
  }

  @Test
  void anInterfaceWithOnlyMethodLevelLlmIsAnAssistant() {
    Compilation c =
        compileStrict(
            source(
                "demo.A",
                """
                package demo;

                import dev.majordomo.annotations.*;

                public interface A {
                  @Llm(chain = "fast")
                  String ask(String question);

                  @Llm(chain = "openai/gpt-4o-mini")
                  String other(String question);
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(generated(c, "demo.Majordomo_A"))
        .contains("public final class Majordomo_A implements A")
        .contains("\"openai/gpt-4o-mini\"");
  }

  @Test
  void varargsAndThrowsClausesAreKept() {
    Compilation c =
        compileStrict(
            source(
                "demo.A",
                """
                package demo;

                import dev.majordomo.annotations.*;

                @Llm(chain = "fast")
                public interface A {
                  @Prompt("Tags: {{tags}}")
                  String tag(String... tags) throws java.io.IOException;
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(generated(c, "demo.Majordomo_A"))
        .contains("public String tag(String... tags) throws IOException {");
  }

  @Test
  void theProcessorIsRegisteredAndIsolating() throws IOException {
    assertThat(resource("META-INF/services/javax.annotation.processing.Processor"))
        .contains("dev.majordomo.processor.MajordomoProcessor");
    assertThat(resource("META-INF/gradle/incremental.annotation.processors").strip())
        .isEqualTo("dev.majordomo.processor.MajordomoProcessor,isolating");
  }

  @Test
  void eachGeneratedFileHasExactlyOneOriginatingElement() {
    RecordingProcessor recording = new RecordingProcessor(new MajordomoProcessor());
    JavaFileObject agent = source("demo.TravelAgent", TRAVEL_AGENT);
    JavaFileObject tools = source("demo.WeatherTools", WEATHER_TOOLS);
    Compilation c = Compilations.compile(recording, List.of("-Xlint:all"), agent, tools);
    assertThat(c).succeeded();
    assertThat(recording.originating())
        .containsExactly(
            java.util.Map.entry("demo.Majordomo_TravelAgent", List.of("demo.TravelAgent")));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MajordomoProcessor.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
