package dev.majordomo.provider.compatible;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.provider.openai.OpenAiCompatibleProvider;

/**
 * The OpenAI-compatible endpoints Majordomo knows by scheme: each a configuration of {@link
 * OpenAiCompatibleProvider} with the vendor's default base URL, its conventional key variable, and
 * what differs from OpenAI's Chat Completions (declared as capabilities, so a chain skips a target
 * that cannot serve a request, or as a wire setting). Where a fact comes from is said beside it.
 *
 * <p>Every vendor here except OpenAI's newest models still documents {@code max_tokens}; most
 * ignore {@code max_completion_tokens}, so they get the old field.
 */
final class CompatibleSchemes {
  private CompatibleSchemes() {}

  /**
   * Google Gemini's OpenAI compatibility endpoint, {@code
   * https://generativelanguage.googleapis.com/v1beta/openai/}, key {@code GEMINI_API_KEY} as bearer
   * (https://ai.google.dev/gemini-api/docs/openai). Gemini models take images, tools and {@code
   * response_format} JSON schemas; other ids (Gemma, embeddings) are unknown.
   */
  static OpenAiCompatibleProvider gemini() {
    return OpenAiCompatibleProvider.builder("gemini")
        .defaultHost("generativelanguage.googleapis.com")
        .defaultBasePath("/v1beta/openai")
        .tokenVariable("GEMINI_API_KEY")
        .legacyMaxTokens(true)
        .capabilities(
            id ->
                id != null && id.startsWith("gemini-") && !id.startsWith("gemini-embedding")
                    ? Capabilities.unknown()
                        .with(Capability.IMAGES, true)
                        .with(Capability.TOOLS, true)
                        .with(Capability.STRUCTURED_OUTPUT, true)
                    : Capabilities.unknown())
        .build();
  }

  /**
   * Mistral La Plateforme, {@code https://api.mistral.ai/v1}, key {@code MISTRAL_API_KEY}. Its chat
   * completion takes {@code max_tokens} and calls the seed {@code random_seed}
   * (https://docs.mistral.ai/api/#tag/chat); its error bodies are flat ({@code
   * {"object":"error","message",...}}, https://docs.mistral.ai/resources/error-glossary).
   * Capabilities vary by model and are left unknown.
   */
  static OpenAiCompatibleProvider mistral() {
    return OpenAiCompatibleProvider.builder("mistral")
        .defaultHost("api.mistral.ai")
        .tokenVariable("MISTRAL_API_KEY")
        .legacyMaxTokens(true)
        .seedParameter("random_seed")
        .build();
  }

  /**
   * Groq, {@code https://api.groq.com/openai/v1}, key {@code GROQ_API_KEY}
   * (https://console.groq.com/docs/openai). Structured outputs in strict mode, which is what
   * Majordomo asks for, exist only on some models
   * (https://console.groq.com/docs/structured-outputs: the {@code openai/gpt-oss-} family); the
   * others are known to lack them, so a chain skips them for a schema. Llama 4 models take images;
   * other ids are unknown.
   */
  static OpenAiCompatibleProvider groq() {
    return OpenAiCompatibleProvider.builder("groq")
        .defaultHost("api.groq.com")
        .defaultBasePath("/openai/v1")
        .tokenVariable("GROQ_API_KEY")
        .capabilities(CompatibleSchemes::groqCapabilities)
        .build();
  }

  static Capabilities groqCapabilities(String id) {
    if (id == null) {
      return Capabilities.unknown();
    }
    Capabilities known =
        Capabilities.unknown().with(Capability.STRUCTURED_OUTPUT, id.startsWith("openai/gpt-oss-"));
    return id.startsWith("meta-llama/llama-4-") ? known.with(Capability.IMAGES, true) : known;
  }

  /**
   * DeepSeek, {@code https://api.deepseek.com/v1}, key {@code DEEPSEEK_API_KEY}
   * (https://api-docs.deepseek.com/). Text only, and JSON output only as {@code json_object}, never
   * a JSON schema (https://api-docs.deepseek.com/guides/json_mode): both known missing, so a chain
   * skips it for images or a schema. Its parameters do not include {@code seed}. A 402 is an empty
   * balance, a 422 invalid parameters (https://api-docs.deepseek.com/quick_start/error_codes).
   */
  static OpenAiCompatibleProvider deepseek() {
    return OpenAiCompatibleProvider.builder("deepseek")
        .defaultHost("api.deepseek.com")
        .tokenVariable("DEEPSEEK_API_KEY")
        .legacyMaxTokens(true)
        .seedParameter(null)
        .capabilities(
            id ->
                Capabilities.unknown()
                    .with(Capability.IMAGES, false)
                    .with(Capability.STRUCTURED_OUTPUT, false))
        .build();
  }

  /**
   * OpenRouter, {@code https://openrouter.ai/api/v1}, key {@code OPENROUTER_API_KEY}; the optional
   * attribution headers {@code HTTP-Referer} and {@code X-Title} come from the DSN parameters
   * {@code referer} and {@code title} (https://openrouter.ai/docs/api/reference/overview). It
   * routes to any vendor's model: capabilities are unknown. Errors carry a numeric {@code code}
   * (https://openrouter.ai/docs/api/reference/errors-and-debugging).
   */
  static OpenAiCompatibleProvider openrouter() {
    return OpenAiCompatibleProvider.builder("openrouter")
        .defaultHost("openrouter.ai")
        .defaultBasePath("/api/v1")
        .tokenVariable("OPENROUTER_API_KEY")
        .legacyMaxTokens(true)
        .headerParameter("referer", "HTTP-Referer")
        .headerParameter("title", "X-Title")
        .build();
  }

  /**
   * vLLM's OpenAI-compatible server, {@code http://localhost:8000/v1}
   * (https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html). No key unless the
   * server was started with {@code --api-key}; then {@code VLLM_API_KEY} or the DSN gives it.
   */
  static OpenAiCompatibleProvider vllm() {
    return local("vllm", 8000, "VLLM_API_KEY");
  }

  /**
   * LM Studio's server, {@code http://localhost:1234/v1}, no key
   * (https://lmstudio.ai/docs/api/openai-api).
   */
  static OpenAiCompatibleProvider lmstudio() {
    return local("lmstudio", 1234, null);
  }

  /**
   * llama.cpp's {@code llama-server}, {@code http://localhost:8080/v1}; no key unless started with
   * {@code --api-key}, then {@code LLAMA_API_KEY} (the variable the server itself reads) or the DSN
   * (https://github.com/ggml-org/llama.cpp/tree/master/tools/server).
   */
  static OpenAiCompatibleProvider llamacpp() {
    return local("llamacpp", 8080, "LLAMA_API_KEY");
  }

  /**
   * A local server: plain HTTP on localhost, no key required, and the model it serves found at
   * {@code GET /v1/models} when the spec names none. What it supports depends on the model loaded.
   */
  private static OpenAiCompatibleProvider local(String scheme, int port, String tokenVariable) {
    return OpenAiCompatibleProvider.builder(scheme)
        .defaultHost("localhost")
        .defaultPort(port)
        .defaultTls(false)
        .tokenRequired(false)
        .tokenVariable(tokenVariable)
        .discoverDefaultModel(true)
        .legacyMaxTokens(true)
        .build();
  }
}
