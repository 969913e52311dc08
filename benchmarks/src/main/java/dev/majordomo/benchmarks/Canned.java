package dev.majordomo.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The replies of the loopback server, the same for every contender: a Chat Completions reply, a
 * long SSE stream and a scripted three-round tool conversation. The server tells them apart by the
 * request body alone ({@code "stream": true}; {@code "tools"} and the number of tool results
 * already in the conversation), so no contender is served differently.
 */
public final class Canned {
  /** The question every per-call contender asks. */
  public static final String QUESTION = "What is the capital of France?";

  /** The answer of the canned chat completion. */
  public static final String ANSWER = "The capital of France is Paris.";

  /** The question that starts the tool conversation. */
  public static final String TRIP_QUESTION = "Should I pack an umbrella for Paris and Lyon?";

  /** The model's last word in the tool conversation. */
  public static final String TRIP_ANSWER = "No umbrella needed: Paris and Lyon are both sunny.";

  /** Text chunks in the long stream; each is one {@code data:} line of a few dozen bytes. */
  public static final int STREAM_CHUNKS = 1000;

  /**
   * {@code data:} lines in the long stream: the text chunks, the finishing chunk, the usage chunk
   * and {@code [DONE]}. Streaming throughput is counted in these for every contender.
   */
  public static final int STREAM_DATA_LINES = STREAM_CHUNKS + 3;

  /** The text the long stream spells out. */
  public static final String STREAM_TEXT = streamText();

  private static final String USAGE =
      "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":8,\"total_tokens\":22,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
          + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
          + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";

  static final byte[] CHAT_COMPLETION =
      completion(
          "{\"role\":\"assistant\",\"content\":\""
              + ANSWER
              + "\",\"refusal\":null,"
              + "\"annotations\":[]}",
          "stop");

  static final byte[] TOOL_CALL_PARIS =
      completion(toolCallMessage("call_paris", "Paris"), "tool_calls");

  static final byte[] TOOL_CALL_LYON =
      completion(toolCallMessage("call_lyon", "Lyon"), "tool_calls");

  static final byte[] TRIP_FINAL =
      completion(
          "{\"role\":\"assistant\",\"content\":\""
              + TRIP_ANSWER
              + "\",\"refusal\":null,"
              + "\"annotations\":[]}",
          "stop");

  static final byte[] LONG_STREAM = longStream();

  private static final byte[] NOT_FOUND =
      "{\"error\":{\"message\":\"no such route\",\"type\":\"invalid_request_error\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] STREAM_KEY = ascii("\"stream\"");
  private static final byte[] TOOLS_KEY = ascii("\"tools\"");
  private static final byte[] TOOL_RESULT_KEY = ascii("\"tool_call_id\"");

  private Canned() {}

  /** The server's handler: routes {@code POST …/chat/completions} by what the body asks for. */
  public static LoopbackServer.Handler handler() {
    return (method, path, body) -> {
      if (!method.equals("POST") || !path.endsWith("/chat/completions")) {
        return new LoopbackServer.Reply(404, "application/json", NOT_FOUND);
      }
      if (hasTrue(body, STREAM_KEY)) {
        return new LoopbackServer.Reply(200, "text/event-stream", LONG_STREAM);
      }
      if (indexOf(body, TOOLS_KEY, 0) >= 0) {
        int results = count(body, TOOL_RESULT_KEY);
        byte[] reply = results == 0 ? TOOL_CALL_PARIS : results == 1 ? TOOL_CALL_LYON : TRIP_FINAL;
        return new LoopbackServer.Reply(200, "application/json", reply);
      }
      return new LoopbackServer.Reply(200, "application/json", CHAT_COMPLETION);
    };
  }

  /** What the weather tool answers, for every contender. */
  public static String weather(String city) {
    return "sunny, 21 °C in " + city;
  }

  private static String toolCallMessage(String id, String city) {
    return "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\""
        + id
        + "\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":"
        + "\"{\\\"city\\\":\\\""
        + city
        + "\\\"}\"}}],\"refusal\":null,\"annotations\":[]}";
  }

  private static byte[] completion(String message, String finishReason) {
    return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1735689600,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":"
            + message
            + ",\"logprobs\":null,\"finish_reason\":\""
            + finishReason
            + "\"}],"
            + USAGE
            + ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String streamText() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < STREAM_CHUNKS; i++) {
      text.append(chunkText(i));
    }
    return text.toString();
  }

  private static String chunkText(int i) {
    return "word" + (i % 100) + ' ';
  }

  private static byte[] longStream() {
    String head =
        "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1735689600,\"model\":\"bench\",\"service_tier\":\"default\","
            + "\"system_fingerprint\":\"fp_bench\",\"choices\":[";
    StringBuilder sse = new StringBuilder(STREAM_CHUNKS * 220);
    for (int i = 0; i < STREAM_CHUNKS; i++) {
      String role = i == 0 ? "\"role\":\"assistant\"," : "";
      sse.append(head)
          .append("{\"index\":0,\"delta\":{")
          .append(role)
          .append("\"content\":\"")
          .append(chunkText(i))
          .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    }
    sse.append(head)
        .append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],")
        .append("\"usage\":null}\n\n");
    sse.append(head).append("],").append(USAGE).append("}\n\n");
    sse.append("data: [DONE]\n\n");
    return sse.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code key} is followed by {@code : true} (any white space) somewhere in the body. */
  private static boolean hasTrue(byte[] body, byte[] key) {
    for (int at = indexOf(body, key, 0); at >= 0; at = indexOf(body, key, at + 1)) {
      int i = skipSpace(body, at + key.length);
      if (i < body.length && body[i] == ':') {
        i = skipSpace(body, i + 1);
        if (i + 4 <= body.length
            && body[i] == 't'
            && body[i + 1] == 'r'
            && body[i + 2] == 'u'
            && body[i + 3] == 'e') {
          return true;
        }
      }
    }
    return false;
  }

  private static int skipSpace(byte[] body, int i) {
    while (i < body.length
        && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static int count(byte[] body, byte[] needle) {
    int n = 0;
    for (int at = indexOf(body, needle, 0); at >= 0; at = indexOf(body, needle, at + 1)) {
      n++;
    }
    return n;
  }

  private static int indexOf(byte[] body, byte[] n, int from) {
    outer:
    for (int i = from; i <= body.length - n.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (body[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
