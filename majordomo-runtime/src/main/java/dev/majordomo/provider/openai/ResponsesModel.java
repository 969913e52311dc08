package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.internal.http.BaseUrl;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.JsonBodies;
import dev.majordomo.internal.http.OnFirstUse;
import dev.majordomo.internal.http.RefusedParameters;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.Capabilities;
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

/** One model behind OpenAI's Responses API ({@code POST <base>/responses}). Thread-safe. */
final class ResponsesModel implements Model {
  private static final String USER_AGENT = "majordomo-java";

  /**
   * What a model may refuse without the call failing: reasoning models refuse the sampling
   * parameters, and a model that cannot reason refuses {@code reasoning} (OpenAI names it {@code
   * reasoning.effort}). {@code max_output_tokens} is not among them: every model takes it, and
   * leaving it out would lift the caller's bound on the reply's length.
   */
  static final List<String> OPTIONAL_PARAMETERS = List.of("temperature", "top_p", "reasoning");

  private final Supplier<OkHttpClient> client;
  private final Optional<URI> endpoint;
  private final Supplier<HttpUrl> responsesUrl;
  private final Supplier<Headers> replyHeaders;
  private final Supplier<Headers> streamHeaders;
  private final Duration timeout;
  private final String model;
  private final Capabilities capabilities;
  private final HttpTransport transport;
  private final ResponsesCodec codec;
  private final RefusedParameters refused;

  ResponsesModel(
      Target target,
      Supplier<OkHttpClient> client,
      BaseUrl baseUrl,
      Secret token,
      Map<String, String> headers,
      Duration timeout,
      String model,
      Capabilities capabilities,
      HttpTransport transport,
      ResponsesCodec codec) {
    this.client = client;
    this.endpoint = baseUrl.endpoint();
    this.responsesUrl = new OnFirstUse<>(() -> baseUrl.resolve("responses"));
    // checked by the provider when the model is opened (RequestHeaders), built on the first call
    Map<String, String> own = Map.copyOf(headers);
    Supplier<Headers> base =
        new OnFirstUse<>(
            () -> {
              Headers.Builder b = new Headers.Builder().set("User-Agent", USER_AGENT);
              if (token != null) {
                b.set("Authorization", "Bearer " + token.reveal());
              }
              own.forEach(b::set);
              return b.build();
            });
    this.replyHeaders =
        new OnFirstUse<>(() -> base.get().newBuilder().set("Accept", "application/json").build());
    this.streamHeaders =
        new OnFirstUse<>(() -> base.get().newBuilder().set("Accept", "text/event-stream").build());
    this.timeout = timeout;
    this.model = model;
    this.capabilities = capabilities;
    this.transport = transport;
    this.codec = codec;
    this.refused = new RefusedParameters(target, transport.time(), OPTIONAL_PARAMETERS, Map.of());
  }

  @Override
  public Response call(dev.majordomo.llm.Request request) {
    Duration limit = timeout(request);
    ObjectNode body = codec.encode(request, model, false);
    return codec.decode(
        refused.send(
            body,
            limit,
            (b, left) -> transport.executeJson(client.get(), post(b, false), left, "the reply")));
  }

  @Override
  public ResponseStream stream(dev.majordomo.llm.Request request) {
    Duration limit = timeout(request);
    ObjectNode body = codec.encode(request, model, true);
    return refused.send(
        body,
        limit,
        (b, left) ->
            transport.streamSse(
                client.get(), post(b, true), left, new ResponsesStreamDecoder(transport, codec)));
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
    return new Request.Builder()
        .url(responsesUrl.get())
        .headers(stream ? streamHeaders.get() : replyHeaders.get())
        .post(JsonBodies.of(WireJson.writeBytes(body)))
        .build();
  }
}
