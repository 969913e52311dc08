package dev.majordomo.llm;

/**
 * Maps the canonical contract to one wire protocol. A provider is registered under its {@link
 * #scheme()} through {@code Registry.builder().provider(…)} or {@link java.util.ServiceLoader}.
 */
public interface Provider {

  /** {@return the DSN scheme and chain prefix, lower-case: {@code openai}, {@code fake}, …} */
  String scheme();

  /**
   * Opens a model. Cheap: no network call happens here.
   *
   * @param spec what the DSN or chain element says
   * @param context what the registry lends: environment, clock, HTTP client, limits
   * @return the model
   * @throws dev.majordomo.MajordomoException when the spec cannot be served (a missing token, an
   *     unknown parameter); the message never contains the token
   */
  Model open(ModelSpec spec, ProviderContext context);

  /**
   * The DSN query keys this provider accepts besides the common {@code tls}, {@code timeout} and
   * {@code base_path}; any other key in a DSN for this scheme is a configuration error.
   *
   * @return the keys; none by default
   */
  default java.util.Set<String> parameterKeys() {
    return java.util.Set.of();
  }
}
