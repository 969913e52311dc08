package dev.majordomo.internal.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a provider's JSON error body. Implementations are lenient: they return {@link
 * ProviderError#NONE} (or {@code null} fields) for anything they do not recognise and never throw.
 */
@FunctionalInterface
public interface ErrorBodyParser {
  ProviderError parse(JsonNode body);
}
