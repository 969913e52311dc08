/**
 * The Ollama provider ({@code ollama}): models served by a local or remote Ollama through its
 * native chat API. The registry discovers {@link dev.majordomo.provider.ollama.OllamaProvider}
 * through {@link java.util.ServiceLoader}; its class comment lists the DSN parameters and
 * environment variables it reads.
 */
package dev.majordomo.provider.ollama;
