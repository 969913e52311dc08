package dev.majordomo.reliability;

import mockwebserver3.MockWebServer;

/**
 * The three HTTP wire protocols as seen from a test: a DSN pointing at a MockWebServer, and minimal
 * reply and stream bodies that each protocol accepts.
 */
enum ProviderBodies {
  OPENAI("openai", "gpt-4o-mini", "?tls=false"),
  ANTHROPIC("anthropic", "claude-sonnet-4-5", "?tls=false"),
  OLLAMA("ollama", "llama3.2", "");

  final String scheme;
  final String model;
  private final String query;

  ProviderBodies(String scheme, String model, String query) {
    this.scheme = scheme;
    this.model = model;
    this.query = query;
  }

  /** A DSN for this protocol's model on {@code server}, with {@code token} when not null. */
  String dsn(MockWebServer server, String token) {
    return scheme
        + "://"
        + (token == null ? "" : token + "@")
        + server.getHostName()
        + ":"
        + server.getPort()
        + "/"
        + model
        + query;
  }

  /**
   * A DSN for this protocol's model at {@code 127.0.0.1:port}, with {@code token} when not null.
   */
  String dsn(int port, String token) {
    return scheme
        + "://"
        + (token == null ? "" : token + "@")
        + "127.0.0.1:"
        + port
        + "/"
        + model
        + query;
  }

  /** The content type of this protocol's stream. */
  String streamType() {
    return this == OLLAMA ? "application/x-ndjson" : "text/event-stream";
  }

  /** A complete non-streaming reply whose text is {@code text}. */
  String reply(String text) {
    String quoted = dev.majordomo.internal.assistant.Json.write(text);
    return switch (this) {
      case OPENAI ->
          "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
              + "{\"role\":\"assistant\",\"content\":"
              + quoted
              + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,"
              + "\"completion_tokens\":1,\"total_tokens\":2}}";
      case ANTHROPIC ->
          "{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":"
              + "\"text\",\"text\":"
              + quoted
              + "}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,"
              + "\"output_tokens\":1}}";
      case OLLAMA ->
          "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":"
              + quoted
              + "},\"done\":true,\"done_reason\":\"stop\"}";
    };
  }

  /** A complete stream whose one text delta is {@code text}. */
  String stream(String text) {
    String quoted = dev.majordomo.internal.assistant.Json.write(text);
    return switch (this) {
      case OPENAI ->
          "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
              + quoted
              + "}}]}\n\n"
              + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
              + "data: [DONE]\n\n";
      case ANTHROPIC ->
          "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
              + "{\"input_tokens\":1,\"output_tokens\":0}}}\n\n"
              + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
              + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
              + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
              + "\"delta\":{\"type\":\"text_delta\",\"text\":"
              + quoted
              + "}}\n\n"
              + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
              + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
              + "\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\n"
              + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
      case OLLAMA ->
          "{\"message\":{\"role\":\"assistant\",\"content\":"
              + quoted
              + "},\"done\":false}\n"
              + "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
              + "\"done_reason\":\"stop\",\"prompt_eval_count\":1,\"eval_count\":1}\n";
    };
  }

  /** The request header that carries the token. */
  String tokenHeader() {
    return this == ANTHROPIC ? "x-api-key" : "Authorization";
  }

  /** The header value for {@code token}. */
  String tokenHeaderValue(String token) {
    return this == ANTHROPIC ? token : "Bearer " + token;
  }
}
