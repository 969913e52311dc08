package dev.majordomo.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.provider.http.HttpTransport;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/** One Anthropic model, opened from a {@link ModelSpec}. Thread-safe. */
final class AnthropicModel implements Model {
  static final String DEFAULT_HOST = "api.anthropic.com";
  static final String DEFAULT_VERSION = "2023-06-01";
  static final String PARAM_MAX_TOKENS = "max_tokens";
  static final String PARAM_VERSION = "version";
  static final String ENV_API_KEY = "ANTHROPIC_API_KEY";
  static final String ENV_BASE_URL = "ANTHROPIC_BASE_URL";

  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient client;
  private final HttpUrl messagesUrl;
  private final Secret key;
  private final String version;
  private final String model;
  private final int defaultMaxTokens;
  private final Duration timeout;
  private final HttpTransport transport;
  private final Capabilities capabilities;

  private AnthropicModel(
      OkHttpClient client,
      HttpUrl messagesUrl,
      Secret key,
      String version,
      String model,
      int defaultMaxTokens,
      Duration timeout,
      HttpTransport transport) {
    this.client = client;
    this.messagesUrl = messagesUrl;
    this.key = key;
    this.version = version;
    this.model = model;
    this.defaultMaxTokens = defaultMaxTokens;
    this.timeout = timeout;
    this.transport = transport;
    this.capabilities = knownCapabilities(model);
  }

  static AnthropicModel open(ModelSpec spec, ProviderContext context) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(context, "context");
    HttpUrl base = baseUrl(spec, context);
    Secret key = spec.token();
    if (key == null) {
      key = context.env(ENV_API_KEY).filter(v -> !v.isBlank()).map(Secret::of).orElse(null);
    }
    if (key == null && base.host().equals(DEFAULT_HOST)) {
      throw config(
          ErrorKind.AUTH,
          "no API key for "
              + spec.target()
              + ": set "
              + ENV_API_KEY
              + " or give the token in the DSN (anthropic://<key>@"
              + DEFAULT_HOST
              + "/<model>)");
    }
    int maxTokens = AnthropicWire.DEFAULT_MAX_TOKENS;
    String maxParam = spec.parameters().get(PARAM_MAX_TOKENS);
    if (maxParam != null) {
      try {
        maxTokens = Integer.parseInt(maxParam.strip());
      } catch (NumberFormatException e) {
        maxTokens = -1;
      }
      if (maxTokens <= 0) {
        throw config(
            ErrorKind.PERMANENT,
            "the DSN parameter max_tokens must be a positive integer, was '" + maxParam + "'");
      }
    }
    String version = spec.parameters().getOrDefault(PARAM_VERSION, DEFAULT_VERSION).strip();
    String model = spec.modelId() == null ? AnthropicProvider.DEFAULT_MODEL : spec.modelId();
    HttpTransport transport =
        HttpTransport.builder(spec.target())
            .token(key)
            .errorParser(AnthropicErrors::parse)
            .errorMapper(AnthropicErrors::kind)
            .time(context.time())
            .build();
    return new AnthropicModel(
        context.httpClient(),
        base.newBuilder().addPathSegment("messages").build(),
        key,
        version,
        model,
        maxTokens,
        spec.timeout(),
        transport);
  }

  /** The URL that {@code /messages} is appended to. */
  static HttpUrl baseUrl(ModelSpec spec, ProviderContext context) {
    if (spec.host() != null) {
      boolean tls = spec.tls() == null || spec.tls();
      HttpUrl.Builder url = new HttpUrl.Builder().scheme(tls ? "https" : "http");
      try {
        url.host(spec.host());
        if (spec.port() >= 0) {
          url.port(spec.port());
        }
      } catch (IllegalArgumentException e) {
        throw config(ErrorKind.PERMANENT, "not a valid host or port: " + spec);
      }
      return withPath(url, spec.basePath() == null ? "/v1" : spec.basePath());
    }
    String env = context.env(ENV_BASE_URL).map(String::strip).orElse("");
    if (!env.isEmpty()) {
      HttpUrl parsed = HttpUrl.parse(env);
      if (parsed == null) {
        throw config(
            ErrorKind.PERMANENT,
            ENV_BASE_URL + " must be an http or https URL such as https://" + DEFAULT_HOST);
      }
      String prefix = parsed.encodedPath().replaceAll("/+$", "");
      HttpUrl.Builder url = parsed.newBuilder().encodedPath("/").query(null).fragment(null);
      return withPath(url, spec.basePath() == null ? prefix + "/v1" : spec.basePath());
    }
    boolean tls = spec.tls() == null || spec.tls();
    HttpUrl.Builder url = new HttpUrl.Builder().scheme(tls ? "https" : "http").host(DEFAULT_HOST);
    if (spec.port() >= 0) {
      url.port(spec.port());
    }
    return withPath(url, spec.basePath() == null ? "/v1" : spec.basePath());
  }

  private static HttpUrl withPath(HttpUrl.Builder url, String path) {
    url.encodedPath("/");
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    return url.build();
  }

  /**
   * Every Claude model since Claude 3 takes images and tools (and so structured output, which is a
   * forced tool here); Claude 2 and Claude Instant take neither. Other ids (a proxy's own names)
   * stay unknown.
   */
  static Capabilities knownCapabilities(String model) {
    String id = model.toLowerCase(Locale.ROOT);
    if (id.startsWith("claude-2") || id.startsWith("claude-instant")) {
      return Capabilities.unknown()
          .with(Capability.IMAGES, false)
          .with(Capability.TOOLS, false)
          .with(Capability.STRUCTURED_OUTPUT, false);
    }
    if (id.startsWith("claude-")) {
      return Capabilities.unknown()
          .with(Capability.IMAGES, true)
          .with(Capability.TOOLS, true)
          .with(Capability.STRUCTURED_OUTPUT, true);
    }
    return Capabilities.unknown();
  }

  @Override
  public Response call(Request request) {
    Call call = newCall(request, false);
    String body = transport.execute(call);
    JsonNode root = transport.parseJson(body, "the reply");
    return AnthropicWire.parseResponse(root, AnthropicWire.answerTool(request), transport);
  }

  @Override
  public ResponseStream stream(Request request) {
    Call call = newCall(request, true);
    return transport.streamSse(
        call,
        new AnthropicStreamDecoder(
            transport, AnthropicWire.answerTool(request), !request.tools().isEmpty()));
  }

  private Call newCall(Request request, boolean stream) {
    Objects.requireNonNull(request, "request");
    ObjectNode json = AnthropicWire.requestBody(model, request, stream, defaultMaxTokens);
    byte[] bytes;
    try {
      bytes = AnthropicWire.JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialise", e);
    }
    okhttp3.Request.Builder http =
        new okhttp3.Request.Builder()
            .url(messagesUrl)
            .header("anthropic-version", version)
            .post(RequestBody.create(bytes, JSON_TYPE));
    if (stream) {
      http.header("accept", "text/event-stream");
    }
    if (key != null) {
      http.header("x-api-key", key.reveal());
    }
    Duration perCall = request.options().timeout() != null ? request.options().timeout() : timeout;
    return HttpTransport.newCall(client, http.build(), perCall);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public String toString() {
    return "AnthropicModel[" + model + " at " + messagesUrl + "]";
  }

  private static LlmException config(ErrorKind kind, String message) {
    return LlmException.builder(kind, "anthropic: " + message).build();
  }
}
