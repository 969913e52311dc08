/**
 * The OpenAI provider ({@code openai}) and {@link
 * dev.majordomo.provider.openai.OpenAiCompatibleProvider}, with which any server that speaks the
 * Chat Completions protocol (a gateway, a local server, another vendor) becomes a provider under a
 * scheme of its own. The registry discovers {@link dev.majordomo.provider.openai.OpenAiProvider}
 * through {@link java.util.ServiceLoader}; users rarely touch it directly.
 */
package dev.majordomo.provider.openai;
