package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.PromptCache;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Usage;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.provider.WireCaptures;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prompt caching on the Messages API: {@code cache_control} breakpoints on the last tool, the
 * system prompt and the last message of a conversation, never more than four, as Anthropic's
 * prompt-caching guide describes them
 * (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching); switched on by the
 * request's options or the DSN's {@code cache}; cache usage from the recorded
 * ant-json-cache-usage.json.
 */
class AnthropicPromptCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ToolDefinition WEATHER =
      new ToolDefinition(
          "weather", "The weather of a city", "{\"type\":\"object\",\"properties\":{}}");
  private static final ToolDefinition TIME =
      new ToolDefinition("time", "The time of a city", "{\"type\":\"object\",\"properties\":{}}");

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Model model(Map<String, String> parameters) {
    ModelSpec spec =
        new ModelSpec(
            "anthropic",
            Secret.of("sk-ant-test"),
            server.getHostName(),
            server.getPort(),
            "claude-sonnet-4-5",
            false,
            null,
            null,
            parameters);
    return new AnthropicProvider()
        .open(spec, new TestProviderContext(Map.of(), new FakeTimeSource(), client));
  }

  private JsonNode send(Model model, Request request) throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "application/json")
            .body(WireCaptures.read("anthropic/ant-json-cache-usage.json"))
            .build());
    model.call(request);
    return JSON.readTree(server.takeRequest().getBody().utf8());
  }

  private static Request conversation(PromptCache cache) {
    return Request.of(
            Message.system("You are a weather desk."),
            Message.user("Weather in Paris?"),
            Message.assistant(List.of(new Part.ToolCall("toolu_1", "weather", "{}"))),
            Message.toolResults(List.of(new Part.ToolResult("toolu_1", "weather", "sunny", false))))
        .withTools(List.of(WEATHER, TIME))
        .withOptions(GenerationOptions.DEFAULTS.withPromptCache(cache));
  }

  /** Every {@code cache_control} object in {@code node}, depth first. */
  private static List<JsonNode> breakpoints(JsonNode node) {
    List<JsonNode> found = new ArrayList<>();
    if (node.isObject() && node.has("cache_control")) {
      found.add(node.get("cache_control"));
    }
    node.forEach(child -> found.addAll(breakpoints(child)));
    return found;
  }

  @Test
  void fiveMinutesMarksTheLastToolTheSystemPromptAndTheLastMessage() throws Exception {
    JsonNode body = send(model(Map.of()), conversation(PromptCache.FIVE_MINUTES));

    JsonNode ephemeral = JSON.readTree("{\"type\":\"ephemeral\"}");
    assertThat(body.at("/tools/0").has("cache_control")).isFalse();
    assertThat(body.at("/tools/1/cache_control")).isEqualTo(ephemeral);
    assertThat(body.at("/system/0/text").asText()).isEqualTo("You are a weather desk.");
    assertThat(body.at("/system/0/cache_control")).isEqualTo(ephemeral);
    JsonNode last = body.get("messages").get(body.get("messages").size() - 1);
    assertThat(last.at("/content/0/type").asText()).isEqualTo("tool_result");
    assertThat(last.at("/content/0/cache_control")).isEqualTo(ephemeral);
    assertThat(breakpoints(body)).hasSize(3);
  }

  @Test
  void oneHourSendsTheTtlWithNoBetaHeader() throws Exception {
    JsonNode body = send(model(Map.of()), conversation(PromptCache.ONE_HOUR));

    assertThat(breakpoints(body))
        .hasSize(3)
        .allSatisfy(
            control ->
                assertThat(control)
                    .isEqualTo(JSON.readTree("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}")));
  }

  @Test
  void aSingleMessageGetsNoBreakpointOfItsOwnAndNeverMoreThanFourInAll() throws Exception {
    Request single =
        Request.of(Message.system("a"), Message.system("b"), Message.user("hi"))
            .withTools(List.of(WEATHER))
            .withOptions(GenerationOptions.DEFAULTS.withPromptCache(PromptCache.FIVE_MINUTES));

    JsonNode body = send(model(Map.of()), single);

    assertThat(body.at("/system/1/cache_control").isObject()).isTrue();
    assertThat(body.at("/system/0").has("cache_control")).isFalse();
    assertThat(body.at("/messages/0/content").toString()).doesNotContain("cache_control");
    assertThat(breakpoints(body)).hasSize(2);
    assertThat(breakpoints(send(model(Map.of()), conversation(PromptCache.ONE_HOUR))).size())
        .isLessThanOrEqualTo(AnthropicCacheBreakpoints.MAX_BREAKPOINTS);
  }

  @Test
  void withoutASettingNothingIsMarked() throws Exception {
    assertThat(breakpoints(send(model(Map.of()), conversation(null)))).isEmpty();
    assertThat(breakpoints(send(model(Map.of()), conversation(PromptCache.OFF)))).isEmpty();
  }

  @Test
  void theDsnsCacheIsTheDefaultAndTheRequestsSettingWins() throws Exception {
    Model hourly = model(Map.of("cache", "1h"));

    assertThat(breakpoints(send(hourly, conversation(null))))
        .hasSize(3)
        .allSatisfy(control -> assertThat(control.path("ttl").asText()).isEqualTo("1h"));
    assertThat(breakpoints(send(hourly, conversation(PromptCache.OFF)))).isEmpty();
    assertThat(breakpoints(send(hourly, conversation(PromptCache.FIVE_MINUTES))))
        .allSatisfy(control -> assertThat(control.has("ttl")).isFalse());
    assertThat(breakpoints(send(model(Map.of("cache", "off")), conversation(null)))).isEmpty();
  }

  @Test
  void aDsnCacheThatIsNoneOfTheValuesIsRefusedNamingThem() {
    assertThatThrownBy(() -> model(Map.of("cache", "10m")))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("cache must be off, 5m or 1h, was '10m'");
  }

  @Test
  void theReplysUsageCountsCacheReadsAndWritesInTheInput() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "application/json")
            .body(WireCaptures.read("anthropic/ant-json-cache-usage.json"))
            .build());

    Response r = model(Map.of("cache", "5m")).call(conversation(null));

    assertThat(r.usage()).isEqualTo(new Usage(1532, 33, 1111, 0, 418));
  }
}
