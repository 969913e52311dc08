package dev.majordomo.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The floor: what a careful programmer writes by hand with OkHttp and Jackson to call Chat
 * Completions, with no error handling beyond checking the status. Every other contender is measured
 * against it.
 */
public final class Floor {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final ByteString DATA_PREFIX = ByteString.encodeUtf8("data: ");
  private static final ByteString DONE = ByteString.encodeUtf8("[DONE]");

  private final OkHttpClient client;
  private final String url;
  private final ArrayNode tools;
  private final Headers headers;

  public Floor(LoopbackServer server) {
    this(new OkHttpClient(), server.baseUrl() + "/v1/chat/completions", Headers.of());
  }

  Floor(OkHttpClient client, String url) {
    this(client, url, Headers.of());
  }

  private Floor(OkHttpClient client, String url, Headers headers) {
    this.client = client;
    this.url = url;
    this.tools = weatherTool();
    this.headers = headers;
  }

  /**
   * For reference, not a baseline: the floor sending the two headers Majordomo's {@code openai}
   * provider sends and the floor does not, an API key and {@code Accept} (every OpenAI call carries
   * a key; the loopback server reads each header line).
   */
  public static Floor withProviderHeaders(LoopbackServer server) {
    return withProviderHeaders(new OkHttpClient(), server.baseUrl() + "/v1/chat/completions");
  }

  /** {@link #withProviderHeaders(LoopbackServer)} on {@code client}, e.g. with a larger pool. */
  static Floor withProviderHeaders(OkHttpClient client, String url) {
    return new Floor(
        client, url, Headers.of("Authorization", "Bearer tok", "Accept", "application/json"));
  }

  /** The request {@link #ask} sends. */
  Request askRequest(String question) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", "bench");
    body.putArray("messages").add(message("user", question));
    return request(body);
  }

  private Request request(ObjectNode body) {
    return new Request.Builder()
        .url(url)
        .headers(headers)
        .post(RequestBody.create(bytes(body), JSON))
        .build();
  }

  /** One chat completion: the reply's text. */
  public String ask(String question) {
    return send(askRequest(question))
        .path("choices")
        .path(0)
        .path("message")
        .path("content")
        .asText();
  }

  /**
   * The tool conversation by hand: send the question with the tool, run each tool call the model
   * asks for, send the results back, until the model answers.
   */
  public String trip(String question) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", "bench");
    ArrayNode messages = body.putArray("messages");
    messages.add(message("user", question));
    body.set("tools", tools);
    for (int round = 0; round < 8; round++) {
      JsonNode message = post(body).path("choices").path(0).path("message");
      JsonNode calls = message.path("tool_calls");
      if (calls.isEmpty()) {
        return message.path("content").asText();
      }
      messages.add(message);
      for (JsonNode call : calls) {
        String city;
        try {
          city =
              MAPPER
                  .readTree(call.path("function").path("arguments").asText())
                  .path("city")
                  .asText();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ObjectNode result = message("tool", Canned.weather(city));
        result.put("tool_call_id", call.path("id").asText());
        messages.add(result);
      }
    }
    throw new IllegalStateException("the model kept asking for tools");
  }

  /**
   * Reads a streamed reply's lines raw and counts its {@code data:} lines: the least any SSE client
   * can do.
   */
  public int streamLines(String question) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", "bench");
    body.putArray("messages").add(message("user", question));
    body.put("stream", true);
    Request request =
        new Request.Builder().url(url).post(RequestBody.create(bytes(body), JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      checkOk(response);
      BufferedSource source = response.body().source();
      int data = 0;
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.startsWith("data:")) {
          data++;
        }
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a streamed reply as a hand-written client that wants the text must: each {@code data:}
   * line parsed with Jackson, the delta's content appended. Returns the text's length.
   */
  public int streamParsed(String question) {
    try (Response response = client.newCall(streamRequest(question)).execute()) {
      checkOk(response);
      BufferedSource source = response.body().source();
      StringBuilder text = new StringBuilder();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
          JsonNode choice = MAPPER.readTree(line.substring(6)).path("choices").path(0);
          JsonNode content = choice.path("delta").path("content");
          if (content.isTextual()) {
            text.append(content.asText());
          }
        }
      }
      return text.length();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The streaming floor: a careful hand-written client that wants the text of a Chat Completions
   * stream. It finds each line in okio's buffer, copies a {@code data:} line's JSON once into an
   * array, and reads it with one jackson-core streaming parser from the shared factory, no tree:
   * only {@code choices[0].delta.content} is taken, every other value is skipped. Each piece of
   * text goes to {@code deltas} as a {@code String}, as a client hands text to its caller.
   */
  public void streamContent(String question, Consumer<String> deltas) {
    try (Response response = client.newCall(streamRequest(question)).execute()) {
      checkOk(response);
      BufferedSource source = response.body().source();
      long newline;
      while ((newline = source.indexOf((byte) '\n')) >= 0) {
        if (source.rangeEquals(0, DATA_PREFIX)) {
          source.skip(DATA_PREFIX.size());
          long length = newline - DATA_PREFIX.size();
          if (length == DONE.size() && source.rangeEquals(0, DONE)) {
            return;
          }
          byte[] json = source.readByteArray(length);
          source.skip(1);
          try (JsonParser parser = JSON_FACTORY.createParser(json)) {
            String content = content(parser);
            if (content != null) {
              deltas.accept(content);
            }
          }
        } else {
          source.skip(newline + 1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code choices[0].delta.content} of one chunk if it is a string, else {@code null}. */
  private static String content(JsonParser parser) throws IOException {
    String content = null;
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      if (field.equals("choices") && value == JsonToken.START_ARRAY) {
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_OBJECT) {
          content = choiceContent(parser);
        }
        if (first != JsonToken.END_ARRAY) {
          parser.skipChildren();
          JsonToken next;
          while ((next = parser.nextToken()) != JsonToken.END_ARRAY && next != null) {
            parser.skipChildren();
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    return content;
  }

  private static String choiceContent(JsonParser parser) throws IOException {
    String content = null;
    String field;
    while ((field = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      if (field.equals("delta") && value == JsonToken.START_OBJECT) {
        while ((field = parser.nextFieldName()) != null) {
          if (parser.nextToken() == JsonToken.VALUE_STRING && field.equals("content")) {
            content = parser.getText();
          } else {
            parser.skipChildren();
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    return content;
  }

  private Request streamRequest(String question) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", "bench");
    body.putArray("messages").add(message("user", question));
    body.put("stream", true);
    return new Request.Builder().url(url).post(RequestBody.create(bytes(body), JSON)).build();
  }

  private JsonNode post(ObjectNode body) {
    return send(request(body));
  }

  private JsonNode send(Request request) {
    try (Response response = client.newCall(request).execute()) {
      checkOk(response);
      ResponseBody responseBody = response.body();
      try (InputStream in = responseBody.byteStream()) {
        return MAPPER.readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkOk(Response response) throws IOException {
    if (!response.isSuccessful()) {
      throw new IOException("HTTP " + response.code());
    }
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode message(String role, String content) {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("role", role);
    message.put("content", content);
    return message;
  }

  private static ArrayNode weatherTool() {
    ArrayNode tools = MAPPER.createArrayNode();
    ObjectNode function = tools.addObject().put("type", "function").putObject("function");
    function.put("name", "weather").put("description", "Current weather for a city.");
    ObjectNode parameters = function.putObject("parameters");
    parameters.put("type", "object");
    parameters
        .putObject("properties")
        .putObject("city")
        .put("type", "string")
        .put("description", "City name, e.g. Paris");
    parameters.putArray("required").add("city");
    parameters.put("additionalProperties", false);
    return tools;
  }
}
