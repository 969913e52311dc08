/**
 * OpenAI-compatible endpoints by scheme: {@code gemini}, {@code mistral}, {@code groq}, {@code
 * deepseek}, {@code openrouter}, and the local servers {@code vllm}, {@code lmstudio} and {@code
 * llamacpp}. Each is a configuration of {@link
 * dev.majordomo.provider.openai.OpenAiCompatibleProvider} registered through {@link
 * java.util.ServiceLoader}; {@code docs/providers.md} has a section and an example DSN for each,
 * and what each supports.
 */
package dev.majordomo.provider.compatible;
