package dev.majordomo.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.majordomo.llm.Provider;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.foreman.ForemanProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import mockwebserver3.RecordedRequest;

/**
 * What each provider's server says on the wire (each vendor's API reference): a plain reply, a
 * stream split into its opening (up to and including the first text event the caller sees) and its
 * ending, an error body per status, an error event inside a 200 stream, and a frame that is not
 * JSON. The fault tests build every fault out of these pieces, so each provider is faulted in its
 * own format.
 */
enum Wire {
  /** OpenAI Chat Completions: the format this enum speaks by default. */
  OPENAI("openai", "sk-test-0123456789abcdef", "gpt-4o-mini", "/v1/chat/completions"),

  /** The foreman gateway: Chat Completions too (ADR 0005). */
  FOREMAN("foreman", "foreman-token-0123456789", "gateway-model", "/v1/chat/completions"),

  /** Anthropic Messages: named SSE events, its own error shape. */
  ANTHROPIC("anthropic", "sk-ant-api03-test-0123456789", "claude-sonnet-4-5", "/v1/messages") {
    private static final String MESSAGE_START =
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,"
            + "\"output_tokens\":1}}}";

    @Override
    String reply(String text) {
      return "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":"
          + quote(text)
          + "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
    }

    @Override
    String streamOpening(String text) {
      return sse("message_start", MESSAGE_START)
          + sse(
              "content_block_start",
              "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                  + "{\"type\":\"text\",\"text\":\"\"}}")
          + sse("ping", "{\"type\":\"ping\"}")
          + streamMore(text);
    }

    @Override
    String streamMore(String text) {
      return sse(
          "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
              + "\"text\":"
              + quote(text)
              + "}}");
    }

    @Override
    String streamEnding() {
      return sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
          + sse(
              "message_delta",
              "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                  + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}")
          + sse("message_stop", "{\"type\":\"message_stop\"}");
    }

    @Override
    String errorBody(int status) {
      String type =
          switch (status) {
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
          };
      return "{\"type\":\"error\",\"error\":{\"type\":\""
          + type
          + "\",\"message\":\"failure "
          + status
          + "\"},\"request_id\":\"req_011\"}";
    }

    @Override
    String errorEvent() {
      return sse(
          "error",
          "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    }

    @Override
    String malformedFrame() {
      return sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"del");
    }
  },

  /**
   * OpenAI's Responses API ({@code api=responses}): typed SSE events
   * (https://platform.openai.com/docs/api-reference/responses-streaming), the error bodies of Chat
   * Completions, and errors inside a stream as {@code error} events.
   */
  RESPONSES("openai", "sk-test-0123456789abcdef", "gpt-4.1-mini", "/v1/responses") {
    private static final String CREATED =
        "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\","
            + "\"object\":\"response\",\"status\":\"in_progress\",\"model\":\"gpt-4.1-mini\","
            + "\"output\":[],\"usage\":null}}";

    @Override
    String reply(String text) {
      return "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
          + "\"error\":null,\"incomplete_details\":null,\"model\":\"gpt-4.1-mini\","
          + "\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\","
          + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":"
          + quote(text)
          + ",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":9,\"output_tokens\":2,"
          + "\"total_tokens\":11}}";
    }

    @Override
    String streamOpening(String text) {
      return sse("response.created", CREATED) + streamMore(text);
    }

    @Override
    String streamMore(String text) {
      return sse(
          "response.output_text.delta",
          "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_1\","
              + "\"output_index\":0,\"content_index\":0,\"delta\":"
              + quote(text)
              + "}");
    }

    @Override
    String streamEnding() {
      return sse(
          "response.completed",
          "{\"type\":\"response.completed\",\"sequence_number\":9,\"response\":{\"id\":"
              + "\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":"
              + "\"gpt-4.1-mini\",\"output\":[],\"usage\":{\"input_tokens\":9,"
              + "\"output_tokens\":2,\"total_tokens\":11}}}");
    }

    @Override
    String errorEvent() {
      return sse(
          "error",
          "{\"type\":\"error\",\"sequence_number\":2,\"code\":\"server_error\","
              + "\"message\":\"The server had an error while processing your request.\","
              + "\"param\":null}");
    }

    @Override
    String malformedFrame() {
      return sse("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"del");
    }

    @Override
    String dsnQuery() {
      return "api=responses";
    }

    @Override
    String label() {
      return "openai api=responses";
    }
  },

  /** Ollama's native API: NDJSON streams, {@code {"error": …}} bodies. */
  OLLAMA("ollama", null, "llama3.2", "/api/chat") {
    @Override
    String reply(String text) {
      return "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00.000000Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":"
          + quote(text)
          + "},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":27,"
          + "\"eval_count\":3}";
    }

    @Override
    String streamOpening(String text) {
      return streamMore(text);
    }

    @Override
    String streamMore(String text) {
      return "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00.000000Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":"
          + quote(text)
          + "},\"done\":false}\n";
    }

    @Override
    String streamEnding() {
      return "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00.000000Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
          + "\"done_reason\":\"stop\",\"prompt_eval_count\":27,\"eval_count\":3}\n";
    }

    @Override
    String errorBody(int status) {
      return switch (status) {
        case 503 ->
            "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}";
        case 429 -> "{\"error\":\"too many requests\"}";
        default -> "{\"error\":\"llama runner process has terminated: exit status 2\"}";
      };
    }

    @Override
    String errorEvent() {
      return "{\"error\":\"an error was encountered while running the model\"}\n";
    }

    @Override
    String malformedFrame() {
      return "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assis\n";
    }

    @Override
    String padding(int bytes) {
      // NDJSON readers skip blank lines.
      return " ".repeat(Math.max(0, bytes - 1)) + "\n";
    }

    @Override
    String streamContentType() {
      return "application/x-ndjson";
    }
  };

  static final ObjectMapper JSON = new ObjectMapper();

  final String scheme;
  final String token;
  final String model;
  final String path;

  Wire(String scheme, String token, String model, String path) {
    this.scheme = scheme;
    this.token = token;
    this.model = model;
    this.path = path;
  }

  /** A complete non-streaming reply whose text is {@code text}. */
  String reply(String text) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1735689600,"
        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":"
        + quote(text)
        + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";
  }

  /**
   * The start of a streamed reply, up to and including the frame that gives the caller its first
   * event, a text delta of {@code text}.
   */
  String streamOpening(String text) {
    return sse(null, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null))
        + sse(null, chunk("{\"content\":" + quote(text) + "}", null));
  }

  /** One more text delta of {@code text}. */
  String streamMore(String text) {
    return sse(null, chunk("{\"content\":" + quote(text) + "}", null));
  }

  /** The frames that complete a stream after its text. */
  String streamEnding() {
    return sse(null, chunk("{}", "\"stop\"")) + sse(null, "[DONE]");
  }

  /** The provider's error body for {@code status}. */
  String errorBody(int status) {
    return switch (status) {
      case 429 ->
          "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
              + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
      case 503 ->
          "{\"error\":{\"message\":\"The engine is currently overloaded, please try again"
              + " later\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
      default ->
          "{\"error\":{\"message\":\"The server had an error while processing your request.\","
              + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    };
  }

  /** An error reported inside a 200 stream, as one complete frame. */
  String errorEvent() {
    return sse(null, errorBody(500));
  }

  /** A complete frame whose payload is not valid JSON. */
  String malformedFrame() {
    return sse(null, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"con");
  }

  /** A frame of about {@code bytes} bytes that readers skip (an SSE comment, a blank line). */
  String padding(int bytes) {
    return ":" + " ".repeat(Math.max(0, bytes - 3)) + "\n\n";
  }

  String streamContentType() {
    return "text/event-stream";
  }

  /** A query parameter the DSN adds to pick the protocol, or {@code null}. */
  String dsnQuery() {
    return null;
  }

  /** The name of this wire in reports: its scheme, and the protocol where a scheme has two. */
  String label() {
    return scheme;
  }

  /** A complete stream of {@code pieces}. */
  String stream(String... pieces) {
    StringBuilder s = new StringBuilder(streamOpening(pieces[0]));
    for (int i = 1; i < pieces.length; i++) {
      s.append(streamMore(pieces[i]));
    }
    return s.append(streamEnding()).toString();
  }

  Provider provider() {
    Supplier<Provider> p =
        switch (this) {
          case OPENAI, RESPONSES -> OpenAiProvider::new;
          case FOREMAN -> ForemanProvider::new;
          case ANTHROPIC -> AnthropicProvider::new;
          case OLLAMA -> OllamaProvider::new;
        };
    return p.get();
  }

  /**
   * A DSN for this provider's server on loopback: plain HTTP, with a per-attempt timeout unless
   * {@code timeout} is {@code null}.
   */
  String dsn(int port, Duration timeout) {
    String auth = token == null ? "" : token + "@";
    List<String> query = new ArrayList<>();
    if (this != OLLAMA) {
      query.add("tls=false");
    }
    if (dsnQuery() != null) {
      query.add(dsnQuery());
    }
    if (timeout != null) {
      query.add("timeout=" + timeout.toMillis() + "ms");
    }
    return scheme
        + "://"
        + auth
        + "127.0.0.1:"
        + port
        + "/"
        + model
        + (query.isEmpty() ? "" : "?" + String.join("&", query));
  }

  /** Whether {@code request} asked for a stream (Ollama streams unless told otherwise). */
  boolean wantsStream(RecordedRequest request) {
    JsonNode body = body(request);
    return body.path("stream").asBoolean(this == OLLAMA);
  }

  static JsonNode body(RecordedRequest request) {
    try {
      return JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quote(String text) {
    return JsonNodeFactory.instance.textNode(text).toString();
  }

  static String sse(String event, String data) {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }

  private static String chunk(String delta, String finish) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + finish
        + "}]}";
  }
}
