package dev.majordomo.internal.http;

import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Secret;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * What every provider reads from a {@link ModelSpec} when it opens a model, read the same way for
 * all of them: the DSN parameters (unknown keys, booleans, positive integers) and the endpoint (the
 * spec's host, port, {@code tls} and {@code base_path}, else an environment variable, else the
 * provider's default host). Every error is a {@link ProviderConfigException} that names the spec
 * (whose {@code toString} masks the token) and the parameter or variable at fault; a variable's
 * value is never quoted, since it may hold credentials.
 *
 * <p>Internal: see the package documentation.
 */
public final class ModelSpecReader {
  private final ModelSpec spec;

  private ModelSpecReader(ModelSpec spec) {
    this.spec = spec;
  }

  /**
   * A reader of {@code spec}, whose parameters must all be among {@code known}.
   *
   * @throws ProviderConfigException "unknown parameter 'x' (known: [...])"
   */
  public static ModelSpecReader of(ModelSpec spec, Set<String> known) {
    Objects.requireNonNull(spec, "spec");
    for (String key : spec.parameters().keySet()) {
      if (!known.contains(key)) {
        throw new ProviderConfigException(
            spec + ": unknown parameter '" + key + "' (known: " + new TreeSet<>(known) + ")");
      }
    }
    return new ModelSpecReader(spec);
  }

  /** The error for {@code message} about this spec. */
  public ProviderConfigException error(String message) {
    return new ProviderConfigException(spec + ": " + message);
  }

  /**
   * Checks the headers a model will send on every call (see {@link RequestHeaders}), so that one
   * OkHttp would refuse stops the opening rather than the first call.
   *
   * @param token sent as {@code Authorization: Bearer <token>}; {@code null} for none
   * @throws ProviderConfigException naming the header and the character at fault, never quoting a
   *     value (a key may be sent in any header)
   */
  public void checkHeaders(String userAgent, Secret token, Map<String, String> headers) {
    try {
      RequestHeaders.check(userAgent, token, headers);
    } catch (IllegalArgumentException e) {
      throw error("a header cannot be sent: " + e.getMessage());
    }
  }

  /**
   * Checks one header a model will send on every call, as {@link #checkHeaders}.
   *
   * @throws ProviderConfigException naming the header and the character at fault, never quoting its
   *     value
   */
  public void checkHeader(String name, String value) {
    try {
      RequestHeaders.check(name, value);
    } catch (IllegalArgumentException e) {
      throw error("a header cannot be sent: " + e.getMessage());
    }
  }

  /**
   * The parameter {@code key} as {@code true} or {@code false} (any case); {@code false} when
   * absent.
   */
  public boolean flag(String key) {
    String value = spec.parameters().get(key);
    if (value == null) {
      return false;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error("parameter " + key + " must be true or false, was '" + value + "'");
    };
  }

  /** The parameter {@code key} as a positive integer, or empty when absent. */
  public Optional<Integer> positiveInt(String key) {
    String value = spec.parameters().get(key);
    if (value == null) {
      return Optional.empty();
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      parsed = -1;
    }
    if (parsed <= 0) {
      throw error("parameter " + key + " must be a positive integer, was '" + value + "'");
    }
    return Optional.of(parsed);
  }

  /**
   * Where a provider's API lives when the spec does not say.
   *
   * @param defaultHost the host of a spec that names none and has no variable to go by; {@code
   *     null} for none (such a spec is an error)
   * @param defaultPort the port used with the default host; {@code -1} for the scheme's default
   * @param plainPort the port of any host reached over plain HTTP without a port of its own ({@code
   *     -1} for 80)
   * @param defaultTls whether to use TLS when neither the spec nor the variable says
   * @param defaultBasePath the API's path when the spec has no {@code base_path}
   * @param variable the environment variable that gives the endpoint when the spec names no host;
   *     {@code null} for none
   * @param readVariable how its value becomes a URL, throwing an {@link IllegalArgumentException}
   *     whose message names the variable (never quotes it); see {@link #httpUrl}
   * @param variablePathIsPrefix whether the variable's path is put before the default base path (a
   *     proxy's prefix) rather than replacing it
   */
  public record Endpoint(
      String defaultHost,
      int defaultPort,
      int plainPort,
      boolean defaultTls,
      String defaultBasePath,
      String variable,
      Function<String, HttpUrl> readVariable,
      boolean variablePathIsPrefix) {
    public Endpoint {
      Objects.requireNonNull(defaultBasePath, "defaultBasePath");
      if (variable != null) {
        Objects.requireNonNull(readVariable, "readVariable");
      }
    }
  }

  /**
   * Reads an endpoint variable that holds an http(s) URL.
   *
   * @param tokenHint where a token belongs instead of the URL's user info, as in "in OPENAI_API_KEY
   *     or the DSN"
   */
  public static Function<String, HttpUrl> httpUrl(String variable, String tokenHint) {
    return value -> {
      HttpUrl url = HttpUrl.parse(value);
      if (url == null) {
        throw new IllegalArgumentException(variable + " is not an http(s) URL");
      }
      if (!url.username().isEmpty() || !url.password().isEmpty()) {
        throw new IllegalArgumentException(
            variable
                + " holds user info (user:password@), which Majordomo does not send; put the"
                + " token "
                + tokenHint);
      }
      if (url.encodedQuery() != null || url.encodedFragment() != null) {
        // Never sent, so dropping it silently would leave a key given as ?api-key=… unexplained.
        throw new IllegalArgumentException(
            variable
                + " holds a query or fragment (\"?\" or \"#\"), which Majordomo does not send;"
                + " give a URL with a path only, and the token "
                + tokenHint);
      }
      return url;
    };
  }

  /**
   * The base URL of the API, ending with {@code /}: from the spec's host, else from {@code
   * endpoint.variable()}, else the default host.
   */
  public BaseUrl baseUrl(Endpoint endpoint, ProviderContext context) {
    String host = spec.host();
    int port = spec.port();
    Boolean tls = spec.tls();
    String path = spec.basePath();
    boolean fromVariable = false;
    if (host == null && endpoint.variable() != null) {
      Optional<String> value = context.env(endpoint.variable()).map(String::strip);
      if (value.isPresent() && !value.get().isEmpty()) {
        HttpUrl url;
        try {
          url = endpoint.readVariable().apply(value.get());
        } catch (IllegalArgumentException e) {
          throw error(e.getMessage());
        }
        fromVariable = true;
        host = url.host();
        port = url.port() == HttpUrl.defaultPort(url.scheme()) ? -1 : url.port();
        tls = tls != null ? tls : url.isHttps();
        if (path == null) {
          // Decoded, as the spec's base_path is: the segments are encoded once, below.
          String variablePath = "/" + String.join("/", url.pathSegments());
          path =
              endpoint.variablePathIsPrefix()
                  ? variablePath.replaceAll("/+$", "") + "/" + endpoint.defaultBasePath()
                  : variablePath;
        }
      }
    }
    if (host == null) {
      host = endpoint.defaultHost();
      port = port >= 0 ? port : endpoint.defaultPort();
    }
    if (host == null) {
      throw error(
          "no host: define the model with a DSN such as LLM_<NAME>="
              + spec.scheme()
              + "://<token>@<host>/<model>");
    }
    boolean https = tls != null ? tls : endpoint.defaultTls();
    if (port < 0 && !https && !fromVariable) {
      // A variable's URL without a port means its scheme's default, as in a browser.
      port = endpoint.plainPort();
    }
    if (path == null) {
      path = endpoint.defaultBasePath();
    }
    try {
      // Any negative port of a spec means "none", as it always did: ModelSpec documents -1 only.
      return BaseUrl.of(https, host, Math.max(port, -1), Arrays.asList(path.split("/")));
    } catch (IllegalArgumentException e) {
      throw error("not a valid host or port: " + e.getMessage());
    }
  }
}
