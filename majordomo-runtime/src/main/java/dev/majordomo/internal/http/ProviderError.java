package dev.majordomo.internal.http;

/**
 * What a provider's error body says, as its {@link ErrorBodyParser} reads it.
 *
 * @param code the provider's error code or type (e.g. {@code insufficient_quota}), or {@code null}
 * @param message the provider's human-readable message, or {@code null}
 */
public record ProviderError(String code, String message) {
  /** Nothing known. */
  public static final ProviderError NONE = new ProviderError(null, null);
}
