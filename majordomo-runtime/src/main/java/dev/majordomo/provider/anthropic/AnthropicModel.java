package dev.majordomo.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.MissingCredentials;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
  static final String PARAM_DOWNSCALE = "downscale_images";
  static final Set<String> PARAMETERS = Set.of(PARAM_MAX_TOKENS, PARAM_VERSION, PARAM_DOWNSCALE);
  static final String ENV_API_KEY = "ANTHROPIC_API_KEY";
  static final String ENV_BASE_URL = "ANTHROPIC_BASE_URL";

  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient client;
  private final HttpUrl messagesUrl;
  private final Secret key;
  private final String version;
  private final String model;
  private final int defaultMaxTokens;
  private final boolean downscale;
  private final long maxImageBytes;
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
      boolean downscale,
      long maxImageBytes,
      Duration timeout,
      HttpTransport transport) {
    this.client = client;
    this.messagesUrl = messagesUrl;
    this.key = key;
    this.version = version;
    this.model = model;
    this.defaultMaxTokens = defaultMaxTokens;
    this.downscale = downscale;
    this.maxImageBytes = maxImageBytes;
    this.timeout = timeout;
    this.transport = transport;
    this.capabilities = knownCapabilities(model);
  }

  /**
   * Opens the model; without a key for {@code api.anthropic.com}, a {@link MissingCredentials}
   * model that refuses every call ({@code CANNOT_SERVE}), so that a chain skips it.
   */
  static Model open(ModelSpec spec, ProviderContext context) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(context, "context");
    for (String key : spec.parameters().keySet()) {
      if (!PARAMETERS.contains(key)) {
        throw config(
            spec, "unknown parameter '" + key + "' (known: " + new TreeSet<>(PARAMETERS) + ")");
      }
    }
    HttpUrl base = baseUrl(spec, context);
    Secret key = spec.token();
    if (key == null) {
      key = context.env(ENV_API_KEY).filter(v -> !v.isBlank()).map(Secret::of).orElse(null);
    }
    int maxTokens = AnthropicCodec.DEFAULT_MAX_TOKENS;
    String maxParam = spec.parameters().get(PARAM_MAX_TOKENS);
    if (maxParam != null) {
      try {
        maxTokens = Integer.parseInt(maxParam.strip());
      } catch (NumberFormatException e) {
        maxTokens = -1;
      }
      if (maxTokens <= 0) {
        throw config(
            spec, "parameter max_tokens must be a positive integer, was '" + maxParam + "'");
      }
    }
    String version = spec.parameters().getOrDefault(PARAM_VERSION, DEFAULT_VERSION).strip();
    if (version.isEmpty()) {
      throw config(spec, "parameter version is empty; the API expects a date such as 2023-06-01");
    }
    boolean downscale = booleanParameter(spec, PARAM_DOWNSCALE);
    String model = spec.modelId() == null ? AnthropicProvider.DEFAULT_MODEL : spec.modelId();
    if (key == null && base.host().equals(DEFAULT_HOST)) {
      // Not an error of resolution: a chain skips this target at call time and tries the next.
      return MissingCredentials.open(
          spec.target(),
          ENV_API_KEY,
          "anthropic://<key>@" + DEFAULT_HOST + "/<model>",
          knownCapabilities(model));
    }
    HttpTransport transport =
        HttpTransport.builder(spec.target())
            .token(key)
            .errorParser(AnthropicErrors::parse)
            .errorMapper(AnthropicErrors::kind)
            .time(context.time())
            .limits(context.limits())
            .build();
    return new AnthropicModel(
        context.httpClient(base),
        base.newBuilder().addPathSegment("messages").build(),
        key,
        version,
        model,
        maxTokens,
        downscale,
        context.limits().maxImageBytes(),
        spec.timeout(),
        transport);
  }

  private static boolean booleanParameter(ModelSpec spec, String key) {
    String value = spec.parameters().get(key);
    if (value == null) {
      return false;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw config(spec, "parameter " + key + " must be true or false, was '" + value + "'");
    };
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
        throw config(spec, "not a valid host or port");
      }
      return withPath(url, spec.basePath() == null ? "/v1" : spec.basePath());
    }
    String env = context.env(ENV_BASE_URL).map(String::strip).orElse("");
    if (!env.isEmpty()) {
      HttpUrl parsed = HttpUrl.parse(env);
      if (parsed == null) {
        throw config(
            spec, ENV_BASE_URL + " must be an http or https URL such as https://" + DEFAULT_HOST);
      }
      if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
        throw config(
            spec,
            ENV_BASE_URL
                + " holds user info (user:password@), which Majordomo does not send; put the key"
                + " in "
                + ENV_API_KEY
                + " or the DSN");
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
    JsonNode root =
        transport.executeJson(client, post(request, false), timeout(request), "the reply");
    return AnthropicCodec.parseResponse(root, AnthropicCodec.answerTool(request), transport);
  }

  @Override
  public ResponseStream stream(Request request) {
    return transport.streamSse(
        client,
        post(request, true),
        timeout(request),
        new AnthropicStreamDecoder(
            transport, AnthropicCodec.answerTool(request), !request.tools().isEmpty()));
  }

  /** The attempt's time limit: the request's, else the DSN's, else none of the caller's. */
  private Duration timeout(Request request) {
    Duration own = request.options().timeout();
    return own != null ? own : timeout;
  }

  private okhttp3.Request post(Request request, boolean stream) {
    Objects.requireNonNull(request, "request");
    Request sendable = AnthropicImages.prepare(request, downscale, maxImageBytes);
    ObjectNode json = AnthropicCodec.requestBody(model, sendable, stream, defaultMaxTokens);
    byte[] bytes = WireJson.writeBytes(json);
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
    return http.build();
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public String toString() {
    return "AnthropicModel[" + model + " at " + messagesUrl + "]";
  }

  private static ProviderConfigException config(ModelSpec spec, String message) {
    return new ProviderConfigException(spec + ": " + message);
  }
}
