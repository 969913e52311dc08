package dev.majordomo.benchmarks;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.net.http.HttpClient;

/**
 * LangChain4j's contender, as its documentation shows it: {@code AiServices} over {@code
 * OpenAiChatModel} with its default HTTP client ({@code java.net.http}), pointed at the loopback
 * server.
 *
 * <p>One setting differs from the defaults: the client speaks HTTP/1.1. By default {@code
 * java.net.http} asks a plain-HTTP server to upgrade to HTTP/2 ({@code h2c}) on every request; the
 * loopback server, like most plain-HTTP servers, declines, and that dance costs LangChain4j more
 * than a millisecond per call here. Against OpenAI (TLS, HTTP/2 negotiated by ALPN) it never
 * happens, so measuring it would charge LangChain4j for an artefact of the test rig.
 */
public final class LangChain4j {
  private LangChain4j() {}

  /** The same contract as {@link BenchAssistant}, for LangChain4j. */
  public interface Assistant {
    String ask(String question);
  }

  /** The tool conversation's assistant (tools are given per service in LangChain4j). */
  public interface TripAssistant {
    String trip(String question);
  }

  /** The weather tool, for LangChain4j. */
  public static class Tools {
    /** Named explicitly: without {@code -parameters} LangChain4j would call it {@code arg0}. */
    @Tool("Current weather for a city.")
    public String weather(@P(name = "city", value = "City name, e.g. Paris") String city) {
      return Canned.weather(city);
    }
  }

  public static OpenAiChatModel model(LoopbackServer server) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl() + "/v1")
        .apiKey("tok")
        .modelName("bench")
        .httpClientBuilder(
            new JdkHttpClientBuilder()
                .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)))
        .build();
  }

  public static Assistant assistant(LoopbackServer server) {
    return AiServices.create(Assistant.class, model(server));
  }

  public static TripAssistant tripAssistant(LoopbackServer server) {
    return AiServices.builder(TripAssistant.class)
        .chatModel(model(server))
        .tools(new Tools())
        .build();
  }
}
