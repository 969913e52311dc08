package dev.majordomo.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A Chat Completions stream delivered slowly, as a model does: {@code events} text chunks one
 * {@code interval} apart (each one SSE event of about 240 bytes, as in the long stream of {@link
 * Canned}), then the finishing chunk, the usage chunk and {@code [DONE]} together. The question
 * says how many events: {@code "events=40"}. Also the floor's reader of such a stream: OkHttp and
 * jackson-core's streaming parser by hand.
 */
final class PacedStream {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final String HEAD =
      "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1735689600,\"model\":\"bench\",\"service_tier\":\"default\","
          + "\"system_fingerprint\":\"fp_bench\",\"choices\":[";

  private PacedStream() {}

  /** The question that asks for a stream of {@code events} text events. */
  static String question(int events) {
    return "events=" + events;
  }

  /** The text a stream of {@code events} events spells out. */
  static String text(int events) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events; i++) {
      text.append(chunkText(i));
    }
    return text.toString();
  }

  private static String chunkText(int i) {
    return "word" + (i % 100) + ' ';
  }

  /** A server handler: a paced stream for a streaming request, {@link Canned} otherwise. */
  static LoopbackServer.Handler handler(Duration interval) {
    LoopbackServer.Handler canned = Canned.handler();
    // One reply per length, shared by every stream: the server's memory per open stream is then
    // its connection and its place in the pacer's queue, not a copy of the body, which would be
    // counted in the heap the benchmark attributes to the client.
    Map<Integer, LoopbackServer.Reply> replies = new ConcurrentHashMap<>();
    return (method, path, body) -> {
      String text = new String(body, StandardCharsets.UTF_8);
      int at = text.indexOf("events=");
      if (at < 0 || !text.contains("\"stream\"")) {
        return canned.reply(method, path, body);
      }
      int end = at + 7;
      while (end < text.length() && Character.isDigit(text.charAt(end))) {
        end++;
      }
      int events = Integer.parseInt(text.substring(at + 7, end));
      return replies.computeIfAbsent(
          events, n -> LoopbackServer.Reply.paced("text/event-stream", parts(n), interval));
    };
  }

  static List<byte[]> parts(int events) {
    List<byte[]> parts = new ArrayList<>(events + 1);
    for (int i = 0; i < events; i++) {
      String role = i == 0 ? "\"role\":\"assistant\"," : "";
      parts.add(
          (HEAD
                  + "{\"index\":0,\"delta\":{"
                  + role
                  + "\"content\":\""
                  + chunkText(i)
                  + "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    parts.add(
        (HEAD
                + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":null}\n\n"
                + HEAD
                + "],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":8,"
                + "\"total_tokens\":22}}\n\n"
                + "data: [DONE]\n\n")
            .getBytes(StandardCharsets.UTF_8));
    return parts;
  }

  /** What a reader of a stream is told of each piece of text; {@code false} stops reading. */
  @FunctionalInterface
  interface TextSink {
    boolean accept(String text);
  }

  /**
   * The floor: POSTs the streaming request and reads the {@code data:} lines with okio, each parsed
   * with jackson-core's streaming parser for {@code choices[0].delta.content}; every piece of text
   * goes to {@code sink} until it returns {@code false} or the stream ends.
   */
  static void floor(OkHttpClient client, String url, String question, TextSink sink) {
    String body =
        "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + question
            + "\"}],\"stream\":true}";
    Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      BufferedSource source = response.body().source();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
          String content = content(line);
          if (content != null && !sink.accept(content)) {
            return;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code choices[0].delta.content} of one {@code data:} line, or null. */
  private static String content(String line) throws IOException {
    try (JsonParser p = JSON_FACTORY.createParser(line.substring(6))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("choices") && value == JsonToken.START_ARRAY) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("delta") && v == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("content") && t == JsonToken.VALUE_STRING) {
                  return p.getText();
                }
                p.skipChildren();
              }
              return null;
            }
            p.skipChildren();
          }
          return null;
        }
        p.skipChildren();
      }
      return null;
    }
  }
}
