/**
 * The foreman provider ({@code foreman}): a self-hosted gateway that speaks the OpenAI Chat
 * Completions protocol, reached with a DSN that names its host and token. The registry discovers
 * {@link dev.majordomo.provider.foreman.ForemanProvider} through {@link java.util.ServiceLoader}.
 */
package dev.majordomo.provider.foreman;
