package dev.majordomo.provider.openai;

import dev.majordomo.internal.grammar.SchemeGrammar;
import dev.majordomo.internal.http.BaseUrl;
import dev.majordomo.internal.http.DeferredModel;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.MissingCredentials;
import dev.majordomo.internal.http.ModelSpecReader;
import dev.majordomo.internal.http.OnFirstUse;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.Target;
import dev.majordomo.media.ImageLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A provider for any server that speaks the OpenAI Chat Completions protocol ({@code POST
 * <base>/chat/completions}, bearer token), under a scheme of the deployment's choosing. {@link
 * OpenAiProvider} and {@code ForemanProvider} are configurations of this class; a deployment
 * registers its own gateway the same way:
 *
 * <pre>{@code
 * Provider gateway = OpenAiCompatibleProvider.builder("acme")
 *     .defaultHost("llm.acme.internal")
 *     .tokenRequired(true)
 *     .build();
 * Registry registry = Registry.builder().provider(gateway).build();   // LLM_X=acme://tok@/model
 * }</pre>
 *
 * <p>Every provider built here accepts the DSN parameter {@code downscale_images=true|false}
 * (default false): when true, images over the provider's limits, or larger than its recommended
 * size, are downscaled before sending instead of being refused.
 */
public final class OpenAiCompatibleProvider implements Provider {
  /** The DSN parameter that turns image downscaling on. */
  public static final String DOWNSCALE_IMAGES = "downscale_images";

  /**
   * The DSN parameter that picks the wire protocol, on providers built with {@link
   * Builder#responsesApi(boolean)}: {@code api=chat} (the default) or {@code api=responses}.
   */
  public static final String API = "api";

  private final String scheme;
  private final String defaultHost;
  private final int defaultPort;
  private final String defaultBasePath;
  private final boolean defaultTls;
  private final boolean tokenRequired;
  private final String tokenVariable;
  private final String baseUrlVariable;
  private final Map<String, String> headerParameters;
  private final boolean discoverDefaultModel;
  private final boolean legacyMaxTokens;
  private final String seedParameter;
  private final Function<String, Capabilities> capabilities;
  private final ImageLimits imageLimits;
  private final boolean responsesApi;

  private OpenAiCompatibleProvider(Builder b) {
    this.scheme = b.scheme;
    this.defaultHost = b.defaultHost;
    this.defaultPort = b.defaultPort;
    this.defaultBasePath = b.defaultBasePath;
    this.defaultTls = b.defaultTls;
    this.tokenRequired = b.tokenRequired;
    this.tokenVariable = b.tokenVariable;
    this.baseUrlVariable = b.baseUrlVariable;
    this.headerParameters = Map.copyOf(b.headerParameters);
    this.discoverDefaultModel = b.discoverDefaultModel;
    this.legacyMaxTokens = b.legacyMaxTokens;
    this.seedParameter = b.seedParameter;
    this.capabilities = b.capabilities;
    this.imageLimits = b.imageLimits;
    this.responsesApi = b.responsesApi;
  }

  /**
   * A provider for {@code scheme} (lower-case letters, digits, {@code + - .}).
   *
   * @param scheme the provider's scheme
   * @return a builder
   */
  public static Builder builder(String scheme) {
    return new Builder(scheme);
  }

  @Override
  public String scheme() {
    return scheme;
  }

  @Override
  public Set<String> parameterKeys() {
    Set<String> keys = new TreeSet<>(headerParameters.keySet());
    keys.add(DOWNSCALE_IMAGES);
    if (responsesApi) {
      keys.add(API);
    }
    return Set.copyOf(keys);
  }

  /**
   * Opens a model without any network call.
   *
   * <p>When a token is required and neither the spec nor the token variable gives one, the model
   * opens all the same, and every call to it fails before any I/O with an {@link LlmException} of
   * kind {@link ErrorKind#CANNOT_SERVE} ("no credentials: set OPENAI_API_KEY or put a token in the
   * DSN"), which a chain takes as a reason to skip the target, not as its failure.
   *
   * @throws dev.majordomo.llm.ProviderConfigException for a missing host or model id, an unknown or
   *     malformed parameter (such as an {@code api} other than {@code chat} or {@code responses}),
   *     or a malformed base URL variable
   */
  @Override
  public Model open(ModelSpec spec, ProviderContext context) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(context, "context");
    Target target = spec.target();
    ModelSpecReader reader = ModelSpecReader.of(spec, parameterKeys());
    boolean downscale = reader.flag(DOWNSCALE_IMAGES);
    boolean responses = responses(spec, reader);
    BaseUrl base = reader.baseUrl(endpoint(), context);
    Secret token = spec.token();
    if (token == null && tokenVariable != null) {
      token = context.env(tokenVariable).filter(v -> !v.isBlank()).map(Secret::of).orElse(null);
    }
    if (spec.modelId() == null && !discoverDefaultModel) {
      throw reader.error("no model id: name one, as in " + scheme + "/<model-id>");
    }
    if (token == null && tokenRequired) {
      // Not an error of resolution: a chain skips this target at call time and tries the next.
      return MissingCredentials.open(
          target,
          tokenVariable,
          scheme + "://<token>@<host>/<model>",
          capabilities.apply(spec.modelId()));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headerParameters.forEach(
        (key, header) -> {
          String value = spec.parameters().get(key);
          if (value != null) {
            headers.put(header, value);
          }
        });
    reader.checkHeaders(ChatCompletionsModel.USER_AGENT, token, headers);
    Capabilities modelCapabilities =
        Objects.requireNonNull(
            capabilities.apply(spec.modelId()), "the provider's capabilities function gave null");
    // Everything that can be wrong with the spec is checked above; the model's working parts wait
    // for its first call.
    return new DeferredModel(
        target,
        base.endpoint(),
        modelCapabilities,
        new Parts(
            this, spec, context, base, token, headers, responses, downscale, modelCapabilities));
  }

  /** Builds a model's transport, codec and model, on its first call (see {@link DeferredModel}). */
  private record Parts(
      OpenAiCompatibleProvider provider,
      ModelSpec spec,
      ProviderContext context,
      BaseUrl base,
      Secret token,
      Map<String, String> headers,
      boolean responses,
      boolean downscale,
      Capabilities capabilities)
      implements Supplier<Model> {
    @Override
    public Model get() {
      return provider.build(this);
    }

    /** The target only: the spec's parameters are sent as headers, and a header may hold a key. */
    @Override
    public String toString() {
      return "Parts[" + spec.target() + "]";
    }
  }

  private Model build(Parts parts) {
    ModelSpec spec = parts.spec();
    ProviderContext context = parts.context();
    BaseUrl base = parts.base();
    Target target = spec.target();
    HttpTransport transport =
        HttpTransport.builder(target)
            .token(parts.token())
            .errorParser(ChatCompletionsErrors.PARSER)
            .errorMapper(ChatCompletionsErrors::kind)
            .time(context.time())
            .limits(context.limits())
            .build();
    ImageLimits images = imageLimits.atMost(context.limits().maxImageBytes());
    if (parts.responses()) {
      return new ResponsesModel(
          target,
          new OnFirstUse<>(() -> context.httpClient(base.httpUrl())),
          base,
          parts.token(),
          parts.headers(),
          spec.timeout(),
          spec.modelId(),
          parts.capabilities(),
          transport,
          new ResponsesCodec(target, transport, images, parts.downscale()));
    }
    ChatCompletionsCodec codec =
        new ChatCompletionsCodec(
            target, transport, images, parts.downscale(), legacyMaxTokens, seedParameter);
    return new ChatCompletionsModel(
        target,
        new OnFirstUse<>(() -> context.httpClient(base.httpUrl())),
        base,
        parts.token(),
        parts.headers(),
        spec.timeout(),
        spec.modelId(),
        parts.capabilities(),
        transport,
        codec);
  }

  /** Whether the spec asks for the Responses API ({@code api=responses}); chat by default. */
  private boolean responses(ModelSpec spec, ModelSpecReader reader) {
    String api = responsesApi ? spec.parameters().get(API) : null;
    if (api == null || api.equals("chat")) {
      return false;
    }
    if (api.equals("responses")) {
      if (spec.modelId() == null) {
        throw reader.error("api=responses needs a model id, as in " + scheme + "/<model-id>");
      }
      return true;
    }
    throw reader.error("api must be chat or responses, was '" + api + "'");
  }

  private ModelSpecReader.Endpoint endpoint() {
    String tokenHint = tokenVariable == null ? "in the DSN" : "in " + tokenVariable + " or the DSN";
    return new ModelSpecReader.Endpoint(
        defaultHost,
        defaultPort,
        -1,
        defaultTls,
        defaultBasePath,
        baseUrlVariable,
        baseUrlVariable == null ? null : ModelSpecReader.httpUrl(baseUrlVariable, tokenHint),
        false);
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleProvider[" + scheme + "]";
  }

  /** Configures an {@link OpenAiCompatibleProvider}. */
  public static final class Builder {
    private final String scheme;
    private String defaultHost;
    private int defaultPort = -1;
    private String defaultBasePath = "/v1";
    private boolean defaultTls = true;
    private boolean tokenRequired = true;
    private String tokenVariable;
    private String baseUrlVariable;
    private final Map<String, String> headerParameters = new LinkedHashMap<>();
    private boolean discoverDefaultModel;
    private boolean legacyMaxTokens;
    private String seedParameter = "seed";
    private Function<String, Capabilities> capabilities = id -> Capabilities.unknown();
    private ImageLimits imageLimits = ImageLimits.OPENAI;
    private boolean responsesApi;

    private Builder(String scheme) {
      Objects.requireNonNull(scheme, "scheme");
      this.scheme = SchemeGrammar.requireScheme(scheme, "scheme");
    }

    /**
     * The host for specs that name none ({@code scheme/model} elements); none by default.
     *
     * @param value the host, or {@code null}
     * @return this builder
     */
    public Builder defaultHost(String value) {
      this.defaultHost = value;
      return this;
    }

    /**
     * The port used with the default host; {@code -1} for the scheme's default.
     *
     * @param value the port, or {@code -1}
     * @return this builder
     */
    public Builder defaultPort(int value) {
      this.defaultPort = value;
      return this;
    }

    /**
     * The API base path when the spec has no {@code base_path}; {@code /v1} by default.
     *
     * @param value the base path, such as {@code /v1}
     * @return this builder
     */
    public Builder defaultBasePath(String value) {
      this.defaultBasePath = Objects.requireNonNull(value, "defaultBasePath");
      return this;
    }

    /**
     * Whether to use TLS when the spec does not say; true by default.
     *
     * @param value whether to use TLS
     * @return this builder
     */
    public Builder defaultTls(boolean value) {
      this.defaultTls = value;
      return this;
    }

    /**
     * Whether a model needs a token ({@code true} by default). A model opened without one refuses
     * every call ({@link ErrorKind#CANNOT_SERVE}, naming the token variable), so a chain skips it.
     *
     * @param value whether a model needs a token
     * @return this builder
     */
    public Builder tokenRequired(boolean value) {
      this.tokenRequired = value;
      return this;
    }

    /**
     * The environment variable that gives the token when the spec has none.
     *
     * @param value the variable's name, or {@code null} for none
     * @return this builder
     */
    public Builder tokenVariable(String value) {
      this.tokenVariable = value;
      return this;
    }

    /**
     * The environment variable that gives the base URL ({@code https://host[:port]/path}) when the
     * spec names no host.
     *
     * @param value the variable's name, or {@code null} for none
     * @return this builder
     */
    public Builder baseUrlVariable(String value) {
      this.baseUrlVariable = value;
      return this;
    }

    /**
     * Accepts the DSN parameter {@code key} and sends its value as the header {@code header}.
     *
     * @param key the DSN parameter
     * @param header the HTTP header its value is sent as
     * @return this builder
     */
    public Builder headerParameter(String key, String header) {
      headerParameters.put(
          Objects.requireNonNull(key, "key"), Objects.requireNonNull(header, "header"));
      return this;
    }

    /**
     * Whether a spec without a model id is allowed: the first model the server lists at {@code GET
     * <base>/models} is used (looked up once, at the first call). Off by default.
     *
     * @param value whether a spec without a model id is allowed
     * @return this builder
     */
    public Builder discoverDefaultModel(boolean value) {
      this.discoverDefaultModel = value;
      return this;
    }

    /**
     * Sends the output limit as the deprecated {@code max_tokens} instead of {@code
     * max_completion_tokens}, for servers that only know the old field (Ollama's compatibility
     * endpoint, older gateways). Off by default.
     *
     * @param value whether to send {@code max_tokens}
     * @return this builder
     */
    public Builder legacyMaxTokens(boolean value) {
      this.legacyMaxTokens = value;
      return this;
    }

    /**
     * The request field that carries {@link dev.majordomo.llm.GenerationOptions#seed()}: {@code
     * seed} by default; another name for servers that call it differently (Mistral's {@code
     * random_seed}), or {@code null} for servers that refuse it, which then never see a seed (it is
     * a best-effort sampling hint, not worth a failed call).
     *
     * @param value the field's name, or {@code null} to never send a seed
     * @return this builder
     */
    public Builder seedParameter(String value) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException("seedParameter: blank; use null to never send a seed");
      }
      this.seedParameter = value;
      return this;
    }

    /**
     * What each model id is known to support; unknown for every model by default.
     *
     * @param value what each model id supports, by model id
     * @return this builder
     */
    public Builder capabilities(Function<String, Capabilities> value) {
      this.capabilities = Objects.requireNonNull(value, "capabilities");
      return this;
    }

    /**
     * The image limits to enforce before sending; OpenAI's by default.
     *
     * @param value the limits
     * @return this builder
     */
    public Builder imageLimits(ImageLimits value) {
      this.imageLimits = Objects.requireNonNull(value, "imageLimits");
      return this;
    }

    /**
     * Whether the server also speaks OpenAI's Responses API ({@code POST <base>/responses}): the
     * provider then accepts the DSN parameter {@code api=chat|responses} (chat by default). Off by
     * default; on for {@code openai}.
     *
     * @param value whether {@code api=responses} is accepted
     * @return this builder
     */
    public Builder responsesApi(boolean value) {
      this.responsesApi = value;
      return this;
    }

    /** {@return the provider} */
    public OpenAiCompatibleProvider build() {
      return new OpenAiCompatibleProvider(this);
    }
  }
}
