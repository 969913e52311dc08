package dev.majordomo.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.internal.http.BaseUrl;
import dev.majordomo.internal.http.DeferredModel;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.JsonBodies;
import dev.majordomo.internal.http.ModelSpecReader;
import dev.majordomo.internal.http.OnFirstUse;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.media.ImageException;
import dev.majordomo.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** One Ollama model, opened from a {@link ModelSpec}. Thread-safe. */
final class OllamaModel implements Model {
  static final String DEFAULT_HOST = "localhost";
  static final int DEFAULT_PORT = 11434;
  static final String PARAM_KEEP_ALIVE = "keep_alive";
  static final String PARAM_NUM_CTX = "num_ctx";
  static final Set<String> PARAMETERS = Set.of(PARAM_KEEP_ALIVE, PARAM_NUM_CTX);
  static final String ENV_HOST = "OLLAMA_HOST";

  /**
   * The longest a capability probe may take when neither the caller nor the DSN sets a shorter
   * limit: {@code /api/show} reads metadata, and a server that cannot answer it this fast is not
   * worth waiting for before the real call.
   */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The spec's host, port (default 11434 over plain HTTP), {@code tls} (default false) and {@code
   * base_path} (default none); else {@code OLLAMA_HOST}, read as the CLI reads it; else {@code
   * http://localhost:11434/}.
   */
  static final ModelSpecReader.Endpoint ENDPOINT =
      new ModelSpecReader.Endpoint(
          DEFAULT_HOST, -1, DEFAULT_PORT, false, "", ENV_HOST, OllamaModel::fromOllamaHost, false);

  private static final System.Logger LOG = System.getLogger(OllamaModel.class.getName());

  private final Supplier<OkHttpClient> client;
  private final Supplier<HttpUrl> chatUrl;
  private final Optional<URI> endpoint;
  private final Supplier<HttpUrl> showUrl;
  private final Secret token;
  private final String model;
  private final String keepAlive;
  private final Integer numCtx;
  private final Duration timeout;
  private final long maxImageBytes;
  private final HttpTransport transport;
  private final CapabilityCache capabilityCache;
  private final TimeSource time;

  private OllamaModel(
      Supplier<OkHttpClient> client,
      BaseUrl base,
      Secret token,
      String model,
      String keepAlive,
      Integer numCtx,
      Duration timeout,
      long maxImageBytes,
      HttpTransport transport,
      CapabilityCache capabilityCache,
      TimeSource time) {
    this.client = client;
    this.chatUrl = new OnFirstUse<>(() -> base.resolve("api/chat"));
    this.endpoint = base.endpoint();
    this.showUrl = new OnFirstUse<>(() -> base.resolve("api/show"));
    this.token = token;
    this.model = model;
    this.keepAlive = keepAlive;
    this.numCtx = numCtx;
    this.timeout = timeout;
    this.maxImageBytes = maxImageBytes;
    this.transport = transport;
    this.capabilityCache = capabilityCache;
    this.time = time;
  }

  /**
   * Checks {@code spec} and opens its model, whose transport is built on its first call (see {@link
   * DeferredModel}); the model's capabilities come from the server, so asking for them builds it.
   */
  static Model open(ModelSpec spec, ProviderContext context, CapabilityCache cache) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(context, "context");
    ModelSpecReader reader = ModelSpecReader.of(spec, PARAMETERS);
    BaseUrl base = reader.baseUrl(ENDPOINT, context);
    Integer numCtx = reader.positiveInt(PARAM_NUM_CTX).orElse(null);
    String keepAlive = spec.parameters().get(PARAM_KEEP_ALIVE);
    if (keepAlive != null && keepAlive.isBlank()) {
      throw reader.error("parameter keep_alive is empty; give a duration such as 10m");
    }
    if (spec.token() != null) {
      reader.checkHeader("Authorization", "Bearer " + spec.token().reveal());
    }
    return new DeferredModel(
        spec.target(),
        base.endpoint(),
        null,
        new Parts(
            spec, context, cache, base, numCtx, keepAlive == null ? null : keepAlive.strip()));
  }

  /** Builds a checked spec's model, on its first use. */
  private record Parts(
      ModelSpec spec,
      ProviderContext context,
      CapabilityCache cache,
      BaseUrl base,
      Integer numCtx,
      String keepAlive)
      implements Supplier<Model> {
    @Override
    public Model get() {
      HttpTransport transport =
          HttpTransport.builder(spec.target())
              .token(spec.token())
              .errorParser(OllamaErrors::parse)
              .errorMapper(OllamaErrors::kind)
              .time(context.time())
              .limits(context.limits())
              .build();
      return new OllamaModel(
          new OnFirstUse<>(() -> context.httpClient(base.httpUrl())),
          base,
          spec.token(),
          spec.modelId() == null ? OllamaProvider.DEFAULT_MODEL : spec.modelId(),
          keepAlive,
          numCtx,
          spec.timeout(),
          context.limits().maxImageBytes(),
          transport,
          cache,
          context.time());
    }

    /** The target only: the spec's parameters are sent as headers, and a header may hold a key. */
    @Override
    public String toString() {
      return "Parts[" + spec.target() + "]";
    }
  }

  /** The server's root URL, to which {@code api/chat} and {@code api/show} are appended. */
  static BaseUrl baseUrl(ModelSpec spec, ProviderContext context) {
    return ModelSpecReader.of(spec, PARAMETERS).baseUrl(ENDPOINT, context);
  }

  /**
   * Reads {@code OLLAMA_HOST} as the Ollama CLI does: a missing scheme means {@code http} with port
   * 11434; {@code http://host} and {@code https://host} without a port use 80 and 443; a path
   * becomes the base path.
   */
  static HttpUrl fromOllamaHost(String value) {
    String scheme = "http";
    String rest = value;
    int defaultPort = DEFAULT_PORT;
    int sep = value.indexOf("://");
    if (sep >= 0) {
      scheme = value.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
      rest = value.substring(sep + 3);
      if (scheme.equals("http")) {
        defaultPort = 80;
      } else if (scheme.equals("https")) {
        defaultPort = 443;
      } else {
        // The value is never quoted: OLLAMA_HOST may hold user info, or a secret pasted by mistake.
        throw new IllegalArgumentException(
            ENV_HOST
                + " must be host[:port] or an http(s) URL; its scheme is neither http nor https");
      }
    }
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
      // A query or fragment would become part of the base path, shown in every URL and toString;
      // it often carries a secret (?token=…), so the value is not quoted.
      throw new IllegalArgumentException(
          ENV_HOST
              + " holds a \"?\" or \"#\" (a query or fragment), which Majordomo does not send;"
              + " give host[:port] or an http(s) URL with a path only, and a token in a DSN:"
              + " LLM_<NAME>=ollama://<token>@<host>:<port>/<model>");
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    if (rest.indexOf('@') >= 0) {
      // Never quote the value here: what precedes "@" is a credential.
      throw new IllegalArgumentException(
          ENV_HOST
              + " holds user info before \"@\", which Majordomo does not send; give a token in a"
              + " DSN instead: LLM_<NAME>=ollama://<token>@<host>:<port>/<model>");
    }
    String host = rest;
    int port = defaultPort;
    int colon = rest.lastIndexOf(':');
    boolean bracketed = rest.startsWith("[");
    int close = rest.indexOf(']');
    if (bracketed && close < 0) {
      throw new IllegalArgumentException(ENV_HOST + " has an IPv6 address with no closing ']'");
    }
    if (bracketed && close + 1 < rest.length() && rest.charAt(close + 1) != ':') {
      throw new IllegalArgumentException(ENV_HOST + " has something other than :<port> after ']'");
    }
    if (colon >= 0 && (!bracketed || colon > close)) {
      host = rest.substring(0, colon);
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(ENV_HOST + " has a port that is not a number");
      }
    }
    if (bracketed) {
      host = host.substring(1, close);
    }
    if (host.isEmpty()) {
      // The CLI's reading of ":11434" and the like: the loopback address.
      host = "127.0.0.1";
    }
    HttpUrl.Builder url = new HttpUrl.Builder().scheme(scheme);
    try {
      url.host(host).port(port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_HOST + " has no valid host or port");
    }
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    return url.build();
  }

  /**
   * Set once the server answered that this model "does not support thinking" (400): the reasoning
   * setting is then left out of every request, as on any model that cannot reason.
   */
  private volatile boolean cannotThink;

  @Override
  public Response call(Request request) {
    Request sent = withoutThinkingIfRefused(request);
    try {
      return callOnce(sent);
    } catch (LlmException e) {
      if (!refusedThinking(sent, e)) {
        throw e;
      }
      return callOnce(withoutThinking(sent));
    }
  }

  private Response callOnce(Request request) {
    JsonNode root =
        transport.executeJson(
            client.get(), post(chatUrl.get(), body(request, false)), timeout(request), "the reply");
    if (root.has("error")) {
      // A 200 that still reports an error: the server failed after accepting the request.
      throw transport.streamError(-1, OllamaErrors.parse(root), root.toString());
    }
    return OllamaCodec.parseResponse(root, transport);
  }

  @Override
  public ResponseStream stream(Request request) {
    Request sent = withoutThinkingIfRefused(request);
    try {
      return streamOnce(sent);
    } catch (LlmException e) {
      // The status comes before any event: a refusal is seen here, before anything was streamed.
      if (!refusedThinking(sent, e)) {
        throw e;
      }
      return streamOnce(withoutThinking(sent));
    }
  }

  private Request withoutThinkingIfRefused(Request request) {
    return cannotThink ? withoutThinking(request) : request;
  }

  private static Request withoutThinking(Request request) {
    GenerationOptions o = request.options();
    if (o.reasoningEffort() == null && o.reasoningBudgetTokens() == null) {
      return request;
    }
    return request.withOptions(o.withReasoningBudgetTokens(null).withReasoningEffort(null));
  }

  /**
   * Whether {@code e} is the 400 a model without the thinking capability answers to {@code think}
   * (wire-protocols: {@code "<model>" does not support thinking}); remembered for the model and
   * logged once.
   */
  private boolean refusedThinking(Request sent, LlmException e) {
    boolean refused =
        sent.options().effectiveReasoningEffort() != null
            && e.status().orElse(0) == 400
            && String.valueOf(e.getMessage()).contains("does not support thinking");
    if (refused && !cannotThink) {
      cannotThink = true;
      LOG.log(
          System.Logger.Level.INFO,
          () ->
              "ollama model "
                  + model
                  + " does not support thinking; its reasoning setting is ignored from now on");
    }
    return refused;
  }

  private ResponseStream streamOnce(Request request) {
    return transport.streamNdjson(
        client.get(),
        post(chatUrl.get(), body(request, true)),
        timeout(request),
        new OllamaStreamDecoder(transport));
  }

  /** The attempt's time limit: the request's, else the DSN's, else none of the caller's. */
  private Duration timeout(Request request) {
    Duration own = request.options().timeout();
    return own != null ? own : timeout;
  }

  private ObjectNode body(Request request, boolean stream) {
    Objects.requireNonNull(request, "request");
    checkImageSizes(request);
    ObjectNode body = OllamaCodec.requestBody(model, request, stream);
    if (numCtx != null) {
      ObjectNode options =
          body.has("options") ? (ObjectNode) body.get("options") : body.putObject("options");
      options.put("num_ctx", numCtx);
    }
    if (keepAlive != null) {
      if (keepAlive.matches("-?\\d+")) {
        // A bare number is seconds on the wire, and only as a JSON number.
        body.put("keep_alive", Long.parseLong(keepAlive));
      } else {
        body.put("keep_alive", keepAlive);
      }
    }
    return body;
  }

  /** Ollama documents no image limits of its own: only the registry's applies. */
  private void checkImageSizes(Request request) {
    for (Message message : request.messages()) {
      for (Part part : message.parts()) {
        if (part instanceof Part.ImagePart i && i.image().byteCount() > maxImageBytes) {
          throw new ImageException(
              "the "
                  + i.image().mimeType().orElse("")
                  + " image of "
                  + i.image().byteCount()
                  + " bytes is over the limit of "
                  + maxImageBytes
                  + " bytes per image (Limits.maxImageBytes); scale it down before sending");
        }
      }
    }
  }

  private okhttp3.Request post(HttpUrl url, ObjectNode json) {
    byte[] bytes = WireJson.writeBytes(json);
    okhttp3.Request.Builder http =
        new okhttp3.Request.Builder().url(url).post(JsonBodies.of(bytes));
    if (token != null) {
      http.header("Authorization", "Bearer " + token.reveal());
    }
    return http.build();
  }

  /**
   * What {@code /api/show} says the model supports: {@code vision} for images, {@code tools} for
   * tools, and {@code completion} for structured output ({@code format} works on any model that
   * generates text). Asked at most once per model per provider instance while the answer holds (see
   * {@link CapabilityCache}), within {@link #PROBE_TIMEOUT} or the DSN's shorter timeout.
   */
  @Override
  public Capabilities capabilities() {
    return capabilitiesWithin(null);
  }

  @Override
  public Optional<URI> endpoint() {
    return endpoint;
  }

  /** As {@link #capabilities()}, but asked (or waited for) only within the request's timeout. */
  @Override
  public Capabilities capabilities(Request request) {
    return capabilitiesWithin(request.options().timeout());
  }

  private Capabilities capabilitiesWithin(Duration budget) {
    Duration own =
        timeout != null && timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT;
    boolean callerBound = budget != null && budget.compareTo(own) < 0;
    Duration bound = callerBound ? budget : own;
    return capabilityCache.get(
        showUrl.get() + " " + model, bound, time, () -> probe(bound, callerBound));
  }

  /**
   * Asks {@code /api/show} within {@code bound}.
   *
   * @param callerBound whether {@code bound} is the caller's time left rather than the probe's own
   *     limit: a probe that then times out says nothing about the server, so it is not remembered
   */
  private CapabilityCache.Probed probe(Duration bound, boolean callerBound) {
    ObjectNode json = WireJson.NODES.objectNode().put("model", model);
    try {
      JsonNode list =
          transport
              .executeJson(client.get(), post(showUrl.get(), json), bound, "the /api/show reply")
              .path("capabilities");
      if (!list.isArray()) {
        // Servers older than the capabilities field say nothing either way.
        return new CapabilityCache.Probed.Answer(Capabilities.unknown());
      }
      Set<String> names = new HashSet<>();
      list.forEach(c -> names.add(c.asText()));
      return new CapabilityCache.Probed.Answer(
          Capabilities.unknown()
              .with(Capability.IMAGES, names.contains("vision"))
              .with(Capability.TOOLS, names.contains("tools"))
              .with(Capability.STRUCTURED_OUTPUT, names.contains("completion")));
    } catch (LlmException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "capability probe of " + model + " failed; capabilities stay unknown: " + e);
      boolean cutShort =
          e.kind() == ErrorKind.CANCELLED
              || Thread.currentThread().isInterrupted()
              || (callerBound && e.kind() == ErrorKind.TRANSIENT);
      return cutShort ? new CapabilityCache.Probed.CutShort() : new CapabilityCache.Probed.Failed();
    }
  }

  @Override
  public String toString() {
    return "OllamaModel[" + model + " at " + chatUrl.get() + "]";
  }
}
