/**
 * The Anthropic provider ({@code anthropic}): Claude models through the Messages API. The registry
 * discovers {@link dev.majordomo.provider.anthropic.AnthropicProvider} through {@link
 * java.util.ServiceLoader}; its class comment lists the DSN parameters and environment variables it
 * reads.
 */
package dev.majordomo.provider.anthropic;
