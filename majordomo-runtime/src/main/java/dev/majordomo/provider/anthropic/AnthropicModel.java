package dev.majordomo.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.internal.http.BaseUrl;
import dev.majordomo.internal.http.DeferredModel;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.JsonBodies;
import dev.majordomo.internal.http.MissingCredentials;
import dev.majordomo.internal.http.ModelSpecReader;
import dev.majordomo.internal.http.OnFirstUse;
import dev.majordomo.internal.http.RefusedParameters;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.PromptCache;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.Target;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** One Anthropic model, opened from a {@link ModelSpec}. Thread-safe. */
final class AnthropicModel implements Model {
  static final String DEFAULT_HOST = "api.anthropic.com";
  static final String DEFAULT_VERSION = "2023-06-01";
  static final String PARAM_MAX_TOKENS = "max_tokens";
  static final String PARAM_VERSION = "version";
  static final String PARAM_DOWNSCALE = "downscale_images";
  static final String PARAM_CACHE = "cache";
  static final Set<String> PARAMETERS =
      Set.of(PARAM_MAX_TOKENS, PARAM_VERSION, PARAM_DOWNSCALE, PARAM_CACHE);
  static final String ENV_API_KEY = "ANTHROPIC_API_KEY";
  static final String ENV_BASE_URL = "ANTHROPIC_BASE_URL";

  /**
   * The spec's host, port, {@code tls} (default true) and {@code base_path} (default {@code /v1});
   * else {@code ANTHROPIC_BASE_URL}, a proxy's URL to which {@code /v1} is appended; else {@code
   * https://api.anthropic.com/v1/}.
   */
  static final ModelSpecReader.Endpoint ENDPOINT =
      new ModelSpecReader.Endpoint(
          DEFAULT_HOST,
          -1,
          -1,
          true,
          "/v1",
          ENV_BASE_URL,
          ModelSpecReader.httpUrl(ENV_BASE_URL, "in " + ENV_API_KEY + " or the DSN"),
          true);

  /**
   * What a model may refuse without failing the call. Some recent Claude models take only one of
   * {@code temperature} and {@code top_p} ("`temperature` and `top_p` cannot both be specified for
   * this model"): {@code top_p} comes first, so it is the one left out. A model without extended
   * thinking refuses {@code thinking} ("'claude-3-5-haiku-20241022' does not support thinking."):
   * the reasoning setting is then ignored, as on the other wires.
   */
  static final List<String> OPTIONAL_PARAMETERS =
      List.of("top_p", "temperature", "top_k", "stop_sequences", "thinking");

  private final Supplier<OkHttpClient> client;
  private final Supplier<HttpUrl> messagesUrl;
  private final Optional<URI> endpoint;
  private final Secret key;
  private final String version;
  private final String model;
  private final int defaultMaxTokens;
  private final boolean downscale;
  private final long maxImageBytes;
  private final Duration timeout;
  private final PromptCache cache;
  private final HttpTransport transport;
  private final RefusedParameters refused;
  private final Capabilities capabilities;

  private AnthropicModel(
      Supplier<OkHttpClient> client,
      BaseUrl base,
      Secret key,
      String version,
      String model,
      int defaultMaxTokens,
      boolean downscale,
      long maxImageBytes,
      Duration timeout,
      PromptCache cache,
      HttpTransport transport,
      Target target) {
    this.client = client;
    this.messagesUrl = new OnFirstUse<>(() -> base.resolve("messages"));
    this.endpoint = base.endpoint();
    this.key = key;
    this.version = version;
    this.model = model;
    this.defaultMaxTokens = defaultMaxTokens;
    this.downscale = downscale;
    this.maxImageBytes = maxImageBytes;
    this.timeout = timeout;
    this.cache = cache;
    this.transport = transport;
    this.refused = new RefusedParameters(target, transport.time(), OPTIONAL_PARAMETERS, Map.of());
    this.capabilities = knownCapabilities(model);
  }

  /**
   * Opens the model; without a key for {@code api.anthropic.com}, a {@link MissingCredentials}
   * model that refuses every call ({@code CANNOT_SERVE}), so that a chain skips it.
   */
  static Model open(ModelSpec spec, ProviderContext context) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(context, "context");
    ModelSpecReader reader = ModelSpecReader.of(spec, PARAMETERS);
    BaseUrl base = reader.baseUrl(ENDPOINT, context);
    Secret key = spec.token();
    if (key == null) {
      key = context.env(ENV_API_KEY).filter(v -> !v.isBlank()).map(Secret::of).orElse(null);
    }
    int maxTokens = reader.positiveInt(PARAM_MAX_TOKENS).orElse(AnthropicCodec.DEFAULT_MAX_TOKENS);
    String version = spec.parameters().getOrDefault(PARAM_VERSION, DEFAULT_VERSION).strip();
    if (version.isEmpty()) {
      throw reader.error("parameter version is empty; the API expects a date such as 2023-06-01");
    }
    reader.checkHeader("anthropic-version", version);
    if (key != null) {
      reader.checkHeader("x-api-key", key.reveal());
    }
    boolean downscale = reader.flag(PARAM_DOWNSCALE);
    PromptCache cache = promptCache(spec, reader);
    String model = spec.modelId() == null ? AnthropicProvider.DEFAULT_MODEL : spec.modelId();
    if (key == null && base.host().equals(DEFAULT_HOST)) {
      // Not an error of resolution: a chain skips this target at call time and tries the next.
      return MissingCredentials.open(
          spec.target(),
          ENV_API_KEY,
          "anthropic://<key>@" + DEFAULT_HOST + "/<model>",
          knownCapabilities(model));
    }
    // Everything that can be wrong with the spec is checked above; the model's working parts wait
    // for its first call.
    return new DeferredModel(
        spec.target(),
        base.endpoint(),
        knownCapabilities(model),
        new Parts(spec, context, base, key, version, model, maxTokens, downscale, cache));
  }

  /** Builds a checked spec's model, on its first call (see {@link DeferredModel}). */
  private record Parts(
      ModelSpec spec,
      ProviderContext context,
      BaseUrl base,
      Secret key,
      String version,
      String model,
      int maxTokens,
      boolean downscale,
      PromptCache cache)
      implements Supplier<Model> {
    @Override
    public Model get() {
      HttpTransport transport =
          HttpTransport.builder(spec.target())
              .token(key)
              .errorParser(AnthropicErrors::parse)
              .errorMapper(AnthropicErrors::kind)
              .time(context.time())
              .limits(context.limits())
              .build();
      return new AnthropicModel(
          new OnFirstUse<>(() -> context.httpClient(base.httpUrl())),
          base,
          key,
          version,
          model,
          maxTokens,
          downscale,
          context.limits().maxImageBytes(),
          spec.timeout(),
          cache,
          transport,
          spec.target());
    }

    /** The target only: the spec's parameters are sent as headers, and a header may hold a key. */
    @Override
    public String toString() {
      return "Parts[" + spec.target() + "]";
    }
  }

  /** The DSN's {@code cache=off|5m|1h}, or {@code null} when it has none. */
  private static PromptCache promptCache(ModelSpec spec, ModelSpecReader reader) {
    String value = spec.parameters().get(PARAM_CACHE);
    if (value == null) {
      return null;
    }
    try {
      return PromptCache.parse(value.strip());
    } catch (IllegalArgumentException e) {
      throw reader.error(
          "parameter " + PARAM_CACHE + " must be off, 5m or 1h, was '" + value + "'");
    }
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
        refused.send(
            body(request, false),
            timeout(request),
            (json, left) ->
                transport.executeJson(client.get(), post(json, false), left, "the reply"));
    return AnthropicCodec.parseResponse(root, AnthropicCodec.answerTool(request), transport);
  }

  @Override
  public ResponseStream stream(Request request) {
    return refused.send(
        body(request, true),
        timeout(request),
        (json, left) ->
            transport.streamSse(
                client.get(),
                post(json, true),
                left,
                new AnthropicStreamDecoder(
                    transport, AnthropicCodec.answerTool(request), !request.tools().isEmpty())));
  }

  /**
   * The prompt-cache setting of a call: the request's (the assistant's {@code @Options} or the
   * runtime's options), else the DSN's {@code cache}, else none; as the time limit is chosen.
   */
  private PromptCache promptCache(Request request) {
    PromptCache own = request.options().promptCache();
    return own != null ? own : cache;
  }

  /** The attempt's time limit: the request's, else the DSN's, else none of the caller's. */
  private Duration timeout(Request request) {
    Duration own = request.options().timeout();
    return own != null ? own : timeout;
  }

  private ObjectNode body(Request request, boolean stream) {
    Objects.requireNonNull(request, "request");
    Request sendable = AnthropicImages.prepare(request, downscale, maxImageBytes);
    ObjectNode json = AnthropicCodec.requestBody(model, sendable, stream, defaultMaxTokens);
    AnthropicCacheBreakpoints.mark(json, promptCache(request));
    return json;
  }

  private okhttp3.Request post(ObjectNode json, boolean stream) {
    byte[] bytes = WireJson.writeBytes(json);
    okhttp3.Request.Builder http =
        new okhttp3.Request.Builder()
            .url(messagesUrl.get())
            .header("anthropic-version", version)
            .post(JsonBodies.of(bytes));
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
  public Optional<URI> endpoint() {
    return endpoint;
  }

  @Override
  public String toString() {
    return "AnthropicModel[" + model + " at " + messagesUrl.get() + "]";
  }
}
