package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.Target;
import dev.majordomo.provider.http.HttpTransport;
import dev.majordomo.provider.http.WireJson;
import java.time.Duration;
import java.util.Map;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** One model behind a Chat Completions endpoint. Thread-safe. */
final class ChatCompletionsModel implements Model {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String USER_AGENT = "majordomo-java";

  private final Target target;
  private final OkHttpClient client;
  private final HttpUrl baseUrl;
  private final Secret token;
  private final Map<String, String> headers;
  private final String configuredModel;
  private final Capabilities capabilities;
  private final HttpTransport transport;
  private final ChatCompletionsCodec codec;
  private volatile String discoveredModel;

  ChatCompletionsModel(
      Target target,
      OkHttpClient client,
      HttpUrl baseUrl,
      Secret token,
      Map<String, String> headers,
      String modelId,
      Capabilities capabilities,
      HttpTransport transport,
      ChatCompletionsCodec codec) {
    this.target = target;
    this.client = client;
    this.baseUrl = baseUrl;
    this.token = token;
    this.headers = Map.copyOf(headers);
    this.configuredModel = modelId;
    this.capabilities = capabilities;
    this.transport = transport;
    this.codec = codec;
  }

  @Override
  public Response call(dev.majordomo.llm.Request request) {
    ObjectNode body = codec.encode(request, model(request.options().timeout()), false);
    String text = transport.execute(post(body, request.options().timeout(), false));
    return codec.decode(transport.parseJson(text, "the reply"));
  }

  @Override
  public ResponseStream stream(dev.majordomo.llm.Request request) {
    ObjectNode body = codec.encode(request, model(request.options().timeout()), true);
    return transport.streamSse(
        post(body, request.options().timeout(), true), new ChatCompletionsStreamDecoder(transport));
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  private Call post(ObjectNode body, Duration timeout, boolean stream) {
    byte[] bytes = WireJson.writeBytes(body);
    Request.Builder http =
        request(baseUrl.newBuilder().addPathSegments("chat/completions").build())
            .header("Accept", stream ? "text/event-stream" : "application/json")
            .post(RequestBody.create(bytes, JSON_TYPE));
    return transport.call(client, http.build(), timeout);
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
        request(baseUrl.newBuilder().addPathSegments("models").build())
            .header("Accept", "application/json")
            .get()
            .build();
    String text = transport.execute(transport.call(client, get, timeout));
    JsonNode data = transport.parseJson(text, "the model list").path("data");
    String first =
        data.isArray() && !data.isEmpty() ? ChatCompletionsCodec.text(data.get(0), "id") : null;
    if (first == null || first.isEmpty()) {
      throw LlmException.builder(
              ErrorKind.NOT_FOUND,
              "no model id was given and the server lists no models at " + baseUrl + "models")
          .target(target)
          .bodyExcerpt(transport.redact(text))
          .build();
    }
    discoveredModel = first;
    return first;
  }
}
