package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.internal.http.BaseUrl;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.JsonBodies;
import dev.majordomo.internal.http.OnFirstUse;
import dev.majordomo.internal.http.RefusedParameters;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.Target;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** One model behind a Chat Completions endpoint. Thread-safe. */
final class ChatCompletionsModel implements Model {
  static final String USER_AGENT = "majordomo-java";

  /**
   * What a model may refuse without failing the call: sampling preferences, and what reasoning
   * models or compatible servers do not take. Never messages, tools or the response format.
   */
  static final List<String> OPTIONAL_PARAMETERS =
      List.of(
          "temperature",
          "top_p",
          "stop",
          "seed",
          "reasoning_effort",
          "parallel_tool_calls",
          "stream_options",
          "max_tokens",
          "max_completion_tokens");

  // OpenAI's reasoning models refuse max_tokens ("Use 'max_completion_tokens' instead"); some
  // compatible servers know only max_tokens.
  private static final Map<String, String> MAX_TOKENS_NAMES =
      Map.of(
          "max_tokens", "max_completion_tokens",
          "max_completion_tokens", "max_tokens");

  private final Target target;
  private final Supplier<OkHttpClient> client;
  private final BaseUrl baseUrl;
  private final Optional<URI> endpoint;
  // Built once: HttpUrl.newBuilder().addPathSegments(...) parses and re-encodes on every call.
  private final Supplier<HttpUrl> completionsUrl;
  private final Secret token;
  private final Map<String, String> headers;
  // The headers of every completion request, checked by the provider when the model is opened
  // (RequestHeaders) and built once rather than header by header per call.
  private final Supplier<Headers> replyHeaders;
  private final Supplier<Headers> streamHeaders;
  private final Duration timeout;
  private final String configuredModel;
  private final Capabilities capabilities;
  private final HttpTransport transport;
  private final ChatCompletionsCodec codec;
  private final RefusedParameters refused;
  private volatile String discoveredModel;

  ChatCompletionsModel(
      Target target,
      Supplier<OkHttpClient> client,
      BaseUrl baseUrl,
      Secret token,
      Map<String, String> headers,
      Duration timeout,
      String modelId,
      Capabilities capabilities,
      HttpTransport transport,
      ChatCompletionsCodec codec) {
    this.target = target;
    this.client = client;
    this.baseUrl = baseUrl;
    this.endpoint = baseUrl.endpoint();
    this.completionsUrl = new OnFirstUse<>(() -> baseUrl.resolve("chat/completions"));
    this.token = token;
    this.headers = Map.copyOf(headers);
    this.replyHeaders =
        new OnFirstUse<>(() -> baseHeaders().set("Accept", "application/json").build());
    this.streamHeaders =
        new OnFirstUse<>(() -> baseHeaders().set("Accept", "text/event-stream").build());
    this.timeout = timeout;
    this.configuredModel = modelId;
    this.capabilities = capabilities;
    this.transport = transport;
    this.codec = codec;
    this.refused =
        new RefusedParameters(target, transport.time(), OPTIONAL_PARAMETERS, MAX_TOKENS_NAMES);
  }

  @Override
  public Response call(dev.majordomo.llm.Request request) {
    Duration limit = timeout(request);
    ObjectNode body = codec.encode(request, model(limit), false);
    return codec.decode(
        refused.send(
            body,
            limit,
            (b, left) -> transport.executeJson(client.get(), post(b, false), left, "the reply")));
  }

  @Override
  public ResponseStream stream(dev.majordomo.llm.Request request) {
    Duration limit = timeout(request);
    ObjectNode body = codec.encode(request, model(limit), true);
    return refused.send(
        body,
        limit,
        (b, left) ->
            transport.streamSse(
                client.get(), post(b, true), left, new ChatCompletionsStreamDecoder(transport)));
  }

  /** The attempt's time limit: the request's, else the DSN's, else none of the caller's. */
  private Duration timeout(dev.majordomo.llm.Request request) {
    Duration own = request.options().timeout();
    return own != null ? own : timeout;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public Optional<URI> endpoint() {
    return endpoint;
  }

  private Request post(ObjectNode body, boolean stream) {
    byte[] bytes = WireJson.writeBytes(body);
    return new Request.Builder()
        .url(completionsUrl.get())
        .headers(stream ? streamHeaders.get() : replyHeaders.get())
        .post(JsonBodies.of(bytes))
        .build();
  }

  /** The same headers, in the same order, as {@link #request} sets. */
  private Headers.Builder baseHeaders() {
    Headers.Builder b = new Headers.Builder().set("User-Agent", USER_AGENT);
    if (token != null) {
      b.set("Authorization", "Bearer " + token.reveal());
    }
    headers.forEach(b::set);
    return b;
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
    if (token != null) {
      b.header("Authorization", "Bearer " + token.reveal());
    }
    headers.forEach(b::header);
    return b;
  }

  /**
   * The model id to send. A spec without one (e.g. {@code foreman://token@host}) asks the server
   * once, with {@code GET <base>/models}, and uses the first model it lists.
   */
  private String model(Duration timeout) {
    if (configuredModel != null) {
      return configuredModel;
    }
    String known = discoveredModel;
    if (known != null) {
      return known;
    }
    Request get =
        request(baseUrl.resolve("models")).header("Accept", "application/json").get().build();
    JsonNode list = transport.executeJson(client.get(), get, timeout, "the model list");
    JsonNode data = list.path("data");
    String first =
        data.isArray() && !data.isEmpty() ? ChatCompletionsCodec.text(data.get(0), "id") : null;
    if (first == null || first.isEmpty()) {
      throw LlmException.builder(
              ErrorKind.NOT_FOUND,
              "no model id was given and the server lists no models at " + baseUrl + "models")
          .target(target)
          .bodyExcerpt(transport.redact(list.toString()))
          .build();
    }
    discoveredModel = first;
    return first;
  }
}
