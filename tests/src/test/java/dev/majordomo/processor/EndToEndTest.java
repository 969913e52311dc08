package dev.majordomo.processor;

import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.StructuredOutputException;
import dev.majordomo.ToolInvocation;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.media.Image;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated assistants at work: compiled in memory, loaded, and called through {@link Assistants}
 * with a real {@link Registry} whose only provider is the {@link FakeProvider}.
 */
class EndToEndTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final String AGENT =
      """
      package e2e;

      import dev.majordomo.Reply;
      import dev.majordomo.annotations.*;
      import dev.majordomo.llm.ResponseStream;
      import dev.majordomo.media.Image;
      import java.time.LocalDate;
      import java.util.*;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      @Llm(chain = "fast")
      @SystemPrompt("You are a terse travel assistant.")
      @Options(temperature = 0.2, timeout = "30s")
      public interface Agent {
        @Prompt("Plan a day in {{city}}. Answer in {{language}}.")
        String plan(String city, String language);

        @Llm(chain = "fake/primary, fake/backup")
        Reply<String> ask(String question);

        @Options(maxTokens = 300, stop = {"END"}, seed = 42, topP = 0.9)
        @SystemPrompt("Plan for {{trip.traveller.name}}.")
        @Prompt("A {{trip.days}}-day trip to {{trip.city}} starting {{trip.start}}.")
        Itinerary itinerary(Trip trip);

        List<String> names(String question);

        int count(String question);

        boolean yes(String question);

        Optional<Double> maybe(String question);

        Map<String, Integer> tally(String question);

        Weather weather(String question);

        Set<Weather> weathers(String question);

        LocalDate date(String question);

        long[] numbers(String question);

        String describe(String question, Image photo, List<Image> more);

        CompletableFuture<String> later(String question);

        CompletableFuture<Reply<Integer>> laterCount(String question);

        Stream<String> stream(String question);

        ResponseStream events(String question);

        @Llm(chain = "fast", tools = WeatherTools.class, maxToolRounds = 2)
        Reply<String> withTools(String question);

        @Llm(tools = Ledger.class)
        String withLedger(String question);

        @Tool("The local time in a time zone.")
        default String now(@Description("an IANA zone") String zone) {
          return "12:00 in " + zone;
        }

        record Person(String name) {}

        record Trip(Person traveller, String city, int days, LocalDate start) {}

        record Itinerary(String city, List<Day> days, Optional<String> note) {}

        record Day(int number, Weather weather, Set<String> places) {}

        enum Weather { SUNNY, RAIN }
      }
      """;

  static final String TOOLS =
      """
      package e2e;

      import dev.majordomo.annotations.*;
      import java.time.LocalDate;
      import java.util.*;

      public class WeatherTools {
        /** Gets the forecast for a city. */
        @Tool("")
        public String forecast(String city, Optional<LocalDate> date) {
          return "sunny in " + city + date.map(d -> " on " + d).orElse("");
        }

        @Tool("Averages numbers.")
        public static double average(List<Integer> values, Map<String, Double> weights) {
          return values.stream().mapToInt(Integer::intValue).average().orElse(0)
              + weights.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        @Tool("Fails.")
        public String broken(String reason) {
          throw new IllegalStateException(reason);
        }
      }
      """;

  static final String LEDGER =
      """
      package e2e;

      import dev.majordomo.annotations.*;

      public final class Ledger {
        private final String owner;
        private int entries;

        public Ledger(String owner) {
          this.owner = owner;
        }

        @Tool("Adds an entry.")
        public String add(Entry entry) {
          entries++;
          return owner + " #" + entries + ": " + entry.label() + " " + entry.amount();
        }

        public record Entry(String label, long amount) {}
      }
      """;

  private static CompiledClasses classes;
  private static Class<?> agentType;

  private final FakeProvider fake = new FakeProvider();
  private final Registry registry =
      Registry.builder()
          .withoutProviderDiscovery()
          .provider(fake)
          .env(Map.of())
          .time(new FakeTimeSource())
          .alias("fast", "fake/primary")
          .build();

  @BeforeAll
  static void compileOnce() {
    classes =
        CompiledClasses.of(
            compileStrict(
                source("e2e.Agent", AGENT),
                source("e2e.WeatherTools", TOOLS),
                source("e2e.Ledger", LEDGER)));
    agentType = classes.load("e2e.Agent");
  }

  private Object agent() {
    return Assistants.builder(agentType)
        .registry(registry)
        .tools(newInstance("e2e.Ledger", "Ada"))
        .build();
  }

  private static Object newInstance(String type, Object... args) {
    try {
      for (var c : classes.load(type).getConstructors()) {
        if (c.getParameterCount() == args.length) {
          return c.newInstance(args);
        }
      }
      throw new AssertionError("no constructor");
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls the assistant method {@code name} (the only one with that name). */
  private static Object call(Object agent, String name, Object... args) throws Throwable {
    for (Method m : agentType.getMethods()) {
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

  private Request lastRequest(String model) {
    List<Request> requests = fake.requests(model);
    assertThat(requests).isNotEmpty();
    return requests.get(requests.size() - 1);
  }

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void rendersTemplatesAndPassesOptionsThroughTheChain() throws Throwable {
    fake.model("primary").reply("Ciao!");

    Object result = call(agent(), "plan", "Rome", "Italian");

    assertThat(result).isEqualTo("Ciao!");
    Request sent = lastRequest("primary");
    assertThat(sent.messages())
        .containsExactly(
            Message.system("You are a terse travel assistant."),
            Message.user("Plan a day in Rome. Answer in Italian."));
    assertThat(sent.options().temperature()).isEqualTo(0.2);
    assertThat(sent.options().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(sent.options().topP()).isNull();
    assertThat(sent.responseSchema()).isNull();
    assertThat(sent.tools()).extracting(t -> t.name()).containsExactly("now");
  }

  @Test
  void aReplyCarriesTheTargetAndTheAttemptsOfAFailover() throws Throwable {
    fake.model("primary").fail(404);
    fake.model("backup").reply("42");

    Reply<?> reply = (Reply<?>) call(agent(), "ask", "What is the answer?");

    assertThat(reply.value()).isEqualTo("42");
    assertThat(reply.answeredBy()).isEqualTo(Target.of("fake", "backup"));
    assertThat(reply.attempts()).hasSize(2);
    assertThat(lastRequest("backup").messages().get(1))
        .isEqualTo(Message.user("What is the answer?"));
  }

  @Test
  void structuredOutputSendsAStrictSchemaAndDecodesTheRecord() throws Throwable {
    fake.model("primary")
        .replyJson(
            """
            {"city": "Rome", "note": null, "days": [
              {"number": 1, "weather": "SUNNY", "places": ["Forum", "Pantheon", "Forum"]},
              {"number": 2, "weather": "RAIN", "places": []}]}
            """);
    Object person = newInstance("e2e.Agent$Person", "Ada");
    Object trip =
        newInstance("e2e.Agent$Trip", person, "Rome", 2, java.time.LocalDate.of(2026, 5, 1));

    Object itinerary = call(agent(), "itinerary", trip);

    assertThat(itinerary)
        .hasToString(
            "Itinerary[city=Rome, days=[Day[number=1, weather=SUNNY, places=[Forum, Pantheon]],"
                + " Day[number=2, weather=RAIN, places=[]]], note=Optional.empty]");
    Request sent = lastRequest("primary");
    assertThat(sent.messages())
        .containsExactly(
            Message.system("Plan for Ada."),
            Message.user("A 2-day trip to Rome starting 2026-05-01."));
    assertThat(sent.options().maxTokens()).isEqualTo(300);
    assertThat(sent.options().stop()).containsExactly("END");
    assertThat(sent.options().seed()).isEqualTo(42L);
    assertThat(sent.options().temperature()).isEqualTo(0.2);
    assertThat(sent.options().topP()).isEqualTo(0.9);
    assertThat(sent.responseSchema().name()).isEqualTo("Itinerary");
    JsonNode schema = json(sent.responseSchema().json());
    SchemaTest.assertStrict(schema);
    assertThat(schema.at("/properties/days/items/properties/weather/enum"))
        .isEqualTo(json("[\"SUNNY\",\"RAIN\"]"));
  }

  @Test
  void nonObjectReturnTypesAreUnwrappedFromValue() throws Throwable {
    fake.model("primary")
        .replyJson("{\"value\": [\"a\", \"b\"]}")
        .replyJson("{\"value\": 7}")
        .replyJson("{\"value\": true}")
        .replyJson("{\"value\": null}")
        .replyJson("{\"value\": 2.5}")
        .replyJson("{\"value\": [{\"key\": \"x\", \"value\": 1}, {\"key\": \"y\", \"value\": 2}]}")
        .replyJson("{\"value\": \"RAIN\"}")
        .replyJson("{\"value\": [\"RAIN\", \"SUNNY\", \"RAIN\"]}")
        .replyJson("{\"value\": \"2026-01-31\"}")
        .replyJson("{\"value\": [1, 2, 3]}");
    Object agent = agent();

    assertThat(call(agent, "names", "q")).isEqualTo(List.of("a", "b"));
    assertThat(call(agent, "count", "q")).isEqualTo(7);
    assertThat(call(agent, "yes", "q")).isEqualTo(true);
    assertThat(call(agent, "maybe", "q")).isEqualTo(Optional.empty());
    assertThat(call(agent, "maybe", "q")).isEqualTo(Optional.of(2.5));
    assertThat(call(agent, "tally", "q")).isEqualTo(Map.of("x", 1, "y", 2));
    assertThat(call(agent, "weather", "q")).hasToString("RAIN");
    assertThat(call(agent, "weathers", "q")).hasToString("[RAIN, SUNNY]");
    assertThat(call(agent, "date", "q")).isEqualTo(java.time.LocalDate.of(2026, 1, 31));
    assertThat((long[]) call(agent, "numbers", "q")).containsExactly(1L, 2L, 3L);

    JsonNode countSchema = json(fake.requests("primary").get(1).responseSchema().json());
    assertThat(countSchema)
        .isEqualTo(
            json(
                "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"integer\"}},"
                    + "\"required\":[\"value\"],\"additionalProperties\":false}"));
  }

  @Test
  void aMalformedReplyIsRepairedOnceThenFailsWithTheRawText() throws Throwable {
    fake.model("primary").reply("seven").replyJson("{\"value\": 7}");
    assertThat(call(agent(), "count", "How many?")).isEqualTo(7);
    List<Request> requests = fake.requests("primary");
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).messages().get(requests.get(1).messages().size() - 1).text())
        .contains("Your reply could not be used");

    fake.model("primary").reply("{\"value\": \"x\"}").reply("{\"value\": \"y\"}");
    assertThatThrownBy(() -> call(agent(), "count", "How many?"))
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("$.value");
  }

  @Test
  void imagesAreSentAsImageParts() throws Throwable {
    Image png = png();
    Image url = Image.fromUrl(java.net.URI.create("https://example.com/cat.jpg"));
    fake.model("primary").reply("A cat.");

    call(agent(), "describe", "What is this?", png, List.of(url, png));

    Message user = lastRequest("primary").messages().get(1);
    assertThat(user.role()).isEqualTo(Role.USER);
    assertThat(user.parts())
        .containsExactly(
            Part.text("What is this?"), Part.image(png), Part.image(url), Part.image(png));
  }

  @Test
  void asyncMethodsReturnFutures() throws Throwable {
    fake.model("primary").reply("later").replyJson("{\"value\": 3}");
    Object agent = agent();

    CompletableFuture<?> text = (CompletableFuture<?>) call(agent, "later", "q");
    assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("later");
    CompletableFuture<?> reply = (CompletableFuture<?>) call(agent, "laterCount", "q");
    assertThat(((Reply<?>) reply.get(10, TimeUnit.SECONDS)).value()).isEqualTo(3);
  }

  @Test
  void streamsAreLazyTextDeltasOrRawEvents() throws Throwable {
    fake.model("primary").stream("Hel", "lo", "!").stream("a", "b");
    Object agent = agent();

    @SuppressWarnings("unchecked")
    Stream<String> text = (Stream<String>) call(agent, "stream", "q");
    assertThat(fake.requests("primary")).isEmpty();
    try (text) {
      assertThat(text.toList()).containsExactly("Hel", "lo", "!");
    }

    List<String> deltas = new ArrayList<>();
    try (ResponseStream events = (ResponseStream) call(agent, "events", "q")) {
      while (events.hasNext()) {
        if (events.next() instanceof StreamEvent.TextDelta d) {
          deltas.add(d.text());
        }
      }
    }
    assertThat(deltas).containsExactly("a", "b");
  }

  @Test
  void toolCallsAreDecodedAndDispatchedDirectly() throws Throwable {
    fake.model("primary")
        .replyToolCalls(
            new Part.ToolCall("c1", "forecast", "{\"city\": \"Rome\", \"date\": \"2026-05-01\"}"),
            new Part.ToolCall("c2", "forecast", "{\"city\": \"Oslo\"}"),
            new Part.ToolCall(
                "c3", "average", "{\"values\": [1, 2, 3], \"weights\": {\"a\": 0.5}}"),
            new Part.ToolCall("c4", "now", "{\"zone\": \"Europe/Rome\"}"))
        .reply("Sunny everywhere.");

    Reply<?> reply = (Reply<?>) call(agent(), "withTools", "Weather?");

    assertThat(reply.value()).isEqualTo("Sunny everywhere.");
    assertThat(reply.toolCalls())
        .extracting(i -> i.result().content())
        .containsExactly(
            "sunny in Rome on 2026-05-01", "sunny in Oslo", "2.5", "12:00 in Europe/Rome");
    assertThat(reply.toolCalls()).extracting(ToolInvocation::round).containsOnly(1);
    Request first = fake.requests("primary").get(0);
    assertThat(first.tools())
        .extracting(t -> t.name())
        .containsExactlyInAnyOrder("forecast", "average", "broken", "now");
    JsonNode forecast =
        json(
            first.tools().stream()
                .filter(t -> t.name().equals("forecast"))
                .findFirst()
                .orElseThrow()
                .parametersSchema());
    assertThat(forecast.get("required")).isEqualTo(json("[\"city\"]"));
    assertThat(first.tools().stream().filter(t -> t.name().equals("forecast")).findFirst().get())
        .extracting(t -> t.description())
        .isEqualTo("Gets the forecast for a city.");
  }

  @Test
  void badArgumentsAndThrowingToolsBecomeErrorResults() throws Throwable {
    fake.model("primary")
        .replyToolCalls(
            new Part.ToolCall("c1", "forecast", "{\"town\": \"Rome\"}"),
            new Part.ToolCall("c2", "broken", "{\"reason\": \"no data\"}"))
        .reply("Sorry.");

    Reply<?> reply = (Reply<?>) call(agent(), "withTools", "Weather?");

    assertThat(reply.toolCalls()).allSatisfy(i -> assertThat(i.result().isError()).isTrue());
    assertThat(reply.toolCalls().get(0).result().content())
        .contains("$.city")
        .contains("missing required field 'city'");
    assertThat(reply.toolCalls().get(1).result().content())
        .contains("IllegalStateException")
        .contains("no data");
  }

  @Test
  void aToolInstanceGivenToTheBuilderIsUsed() throws Throwable {
    fake.model("primary")
        .replyToolCalls(
            new Part.ToolCall("1", "add", "{\"entry\": {\"label\": \"tea\", \"amount\": 3}}"))
        .reply("Added.");

    assertThat(call(agent(), "withLedger", "Add tea")).isEqualTo("Added.");

    Message results = lastRequest("primary").messages().get(3);
    assertThat(results.parts())
        .containsExactly(new Part.ToolResult("1", "add", "Ada #1: tea 3", false));
  }

  @Test
  void aToolClassWithoutNoArgConstructorNeedsAnInstance() {
    assertThatThrownBy(() -> Assistants.create(agentType, registry))
        .hasMessageContaining("Ledger")
        .hasMessageContaining(".tools(");
  }

  private static Image png() {
    return Image.fromBytes(
        Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
  }
}
