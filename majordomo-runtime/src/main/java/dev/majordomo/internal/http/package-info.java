/**
 * Internal HTTP plumbing shared by the HTTP providers (OpenAI-compatible, Anthropic, Ollama):
 * reading a {@link dev.majordomo.llm.ModelSpec} ({@link ModelSpecReader}), executing an OkHttp call
 * under one per-attempt deadline policy enforced by one shared thread ({@link HttpTransport},
 * {@code Deadlines}), mapping every failure to {@link dev.majordomo.llm.LlmException} ({@code
 * HttpFailures}), Server-Sent Events and NDJSON framing with a line-length limit, {@code
 * Retry-After} parsing, body size limits, secret redaction, and a {@link
 * dev.majordomo.llm.ResponseStream} over a streaming body whose {@code close()} cancels the call.
 *
 * <p><strong>Internal:</strong> the public types here are public only so that the provider packages
 * can share them. They are not part of Majordomo's API and may change in any release; user code
 * should not depend on them.
 */
package dev.majordomo.internal.http;
