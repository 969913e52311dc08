package dev.majordomo.examples.scripted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 that speaks the OpenAI Chat Completions protocol with scripted
 * answers, so that the examples run through the real {@code openai} provider — real HTTP, real
 * JSON, real server-sent events — without an API key. It is not a model: what it answers follows
 * from the shape of the request (see {@link Script}).
 *
 * <p>It serves {@code POST /v1/chat/completions} for the model {@value #MODEL} with the bearer
 * token {@value #TOKEN}: plain replies, tool calls and the answer after the tool results,
 * structured output for a {@code response_format} JSON schema, a reply that acknowledges images,
 * and streams ({@code stream: true}, several deltas, the usage chunk of {@code include_usage}).
 * Anything else gets the error OpenAI would send: 401 for another token, 404 for another model or
 * path, 400 for a body that is not JSON.
 *
 * <pre>{@code
 * try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
 *   Registry registry = Registry.builder().model("scripted", server.dsn()).build();
 *   …
 * }
 * }</pre>
 *
 * <p>Its threads are daemon threads; {@link #close()} stops it at once.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {
  /** The model id the server answers for. */
  public static final String MODEL = "scripted-demo";

  /** The bearer token the server expects; it guards nothing and is fine to print. */
  public static final String TOKEN = "local-demo-token";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v1/chat/completions";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Duration streamDelay;
  private final AtomicInteger ids = new AtomicInteger();
  private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

  private ScriptedOpenAiServer(HttpServer server, ExecutorService executor, Duration delay) {
    this.server = server;
    this.executor = executor;
    this.streamDelay = delay;
  }

  /** Starts a server on an ephemeral port of 127.0.0.1 that streams without pauses. */
  public static ScriptedOpenAiServer start() {
    return start(Duration.ZERO);
  }

  /**
   * Starts a server on an ephemeral port of 127.0.0.1.
   *
   * @param streamDelay the pause between two deltas of a stream, so that a person watching sees the
   *     text arrive piece by piece; zero in tests
   */
  public static ScriptedOpenAiServer start(Duration streamDelay) {
    if (streamDelay.isNegative()) {
      throw new IllegalArgumentException("streamDelay must not be negative: " + streamDelay);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a port on 127.0.0.1", e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "scripted-openai-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ScriptedOpenAiServer scripted = new ScriptedOpenAiServer(server, executor, streamDelay);
    server.createContext("/", scripted::handle);
    server.setExecutor(executor);
    server.start();
    return scripted;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The DSN of the scripted model: {@code openai://local-demo-token@127.0.0.1:<port>/…}. */
  public String dsn() {
    return "openai://" + TOKEN + "@127.0.0.1:" + port() + "/" + MODEL + "?tls=false";
  }

  /** The request bodies received so far (also the rejected ones that were JSON), in order. */
  public List<JsonNode> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Stops the server at once; requests in progress are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)
          || !exchange.getRequestMethod().equals("POST")) {
        error(
            exchange,
            404,
            "invalid_request_error",
            "unknown_url",
            "Unknown request URL: "
                + exchange.getRequestMethod()
                + " "
                + exchange.getRequestURI().getPath());
        return;
      }
      JsonNode request;
      try (InputStream in = exchange.getRequestBody()) {
        request = JSON.readTree(in);
      } catch (JsonProcessingException e) {
        error(exchange, 400, "invalid_request_error", null, "The body is not valid JSON.");
        return;
      }
      if (request == null || !request.isObject()) {
        error(exchange, 400, "invalid_request_error", null, "The body must be a JSON object.");
        return;
      }
      requests.add(request);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + TOKEN).equals(auth)) {
        error(
            exchange,
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided. The scripted endpoint expects " + TOKEN + ".");
        return;
      }
      String model = request.path("model").asText();
      if (!model.equals(MODEL)) {
        error(
            exchange,
            404,
            "invalid_request_error",
            "model_not_found",
            "The model '"
                + model
                + "' does not exist; the scripted endpoint serves "
                + MODEL
                + ".");
        return;
      }
      Script.Turn turn = Script.answer(request, prefix -> prefix + ids.incrementAndGet());
      ObjectNode usage = usage(request, turn);
      if (request.path("stream").asBoolean(false)) {
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean();
        stream(exchange, turn, includeUsage ? usage : null);
      } else {
        reply(exchange, turn, usage);
      }
    } catch (IOException | RuntimeException e) {
      // The client went away (a closed stream) or the server is stopping: nothing to answer.
    }
  }

  private void reply(HttpExchange exchange, Script.Turn turn, ObjectNode usage) throws IOException {
    ObjectNode body = envelope("chat.completion");
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (turn.calls().isEmpty()) {
      message.put("content", turn.text());
    } else {
      message.putNull("content");
      ArrayNode calls = message.putArray("tool_calls");
      for (Script.Call c : turn.calls()) {
        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
      }
    }
    choice.put("finish_reason", turn.finishReason());
    body.set("usage", usage);
    send(exchange, 200, body);
  }

  /** Server-sent events as OpenAI sends them: role, deltas, finish reason, usage, [DONE]. */
  private void stream(HttpExchange exchange, Script.Turn turn, ObjectNode usage)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    String id = "chatcmpl-scripted-" + ids.incrementAndGet();
    OutputStream out = exchange.getResponseBody();
    ObjectNode first = chunk(id, usage);
    delta(first).put("role", "assistant").put("content", "");
    event(out, first);
    if (turn.calls().isEmpty()) {
      for (String piece : pieces(turn.text())) {
        pause();
        ObjectNode c = chunk(id, usage);
        delta(c).put("content", piece);
        event(out, c);
      }
    } else {
      int index = 0;
      for (Script.Call call : turn.calls()) {
        ObjectNode head = chunk(id, usage);
        ObjectNode h = delta(head).putArray("tool_calls").addObject();
        h.put("index", index).put("id", call.id()).put("type", "function");
        h.putObject("function").put("name", call.name()).put("arguments", "");
        event(out, head);
        // The arguments arrive in fragments, as they do from OpenAI.
        String args = call.argumentsJson();
        int half = args.length() / 2;
        for (String fragment : List.of(args.substring(0, half), args.substring(half))) {
          ObjectNode c = chunk(id, usage);
          ObjectNode f = delta(c).putArray("tool_calls").addObject().put("index", index);
          f.putObject("function").put("arguments", fragment);
          event(out, c);
        }
        index++;
      }
    }
    ObjectNode last = chunk(id, usage);
    ((ObjectNode) last.path("choices").get(0)).put("finish_reason", turn.finishReason());
    event(out, last);
    if (usage != null) {
      ObjectNode tail = envelope("chat.completion.chunk").put("id", id);
      tail.putArray("choices");
      tail.set("usage", usage);
      event(out, tail);
    }
    write(out, "data: [DONE]\n\n");
  }

  /** A chunk with one choice and an empty delta; {@code "usage": null} with include_usage. */
  private ObjectNode chunk(String id, ObjectNode usage) {
    ObjectNode body = envelope("chat.completion.chunk").put("id", id);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.putObject("delta");
    choice.putNull("finish_reason");
    if (usage != null) {
      body.putNull("usage");
    }
    return body;
  }

  private static ObjectNode delta(ObjectNode chunk) {
    return (ObjectNode) chunk.path("choices").get(0).get("delta");
  }

  private static void event(OutputStream out, JsonNode chunk) throws IOException {
    write(out, "data: " + chunk + "\n\n");
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void pause() throws IOException {
    if (streamDelay.isZero()) {
      return;
    }
    try {
      Thread.sleep(streamDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the server is stopping", e);
    }
  }

  /** The text in pieces of two or three words, each with its trailing space. */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    String[] words = text.split("(?<= )");
    StringBuilder piece = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      piece.append(words[i]);
      if (i % 3 == 2 || i == words.length - 1) {
        out.add(piece.toString());
        piece.setLength(0);
      }
    }
    return out;
  }

  private ObjectNode envelope(String object) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-scripted-" + ids.incrementAndGet());
    body.put("object", object);
    body.put("created", System.currentTimeMillis() / 1000);
    body.put("model", MODEL);
    return body;
  }

  /**
   * Token counts estimated at four characters a token, and 85 tokens an image (OpenAI's price of a
   * low-detail image): plausible numbers, not a tokenizer.
   */
  private static ObjectNode usage(JsonNode request, Script.Turn turn) {
    long chars = 0;
    long images = 0;
    for (JsonNode m : request.path("messages")) {
      JsonNode content = m.path("content");
      if (content.isTextual()) {
        chars += content.asText().length();
      }
      for (JsonNode part : content) {
        chars += part.path("text").asText().length();
        images += part.has("image_url") ? 1 : 0;
      }
      chars += m.path("tool_calls").toString().length();
    }
    chars += request.path("tools").toString().length();
    long prompt = Math.max(1, chars / 4 + 85 * images);
    String output = turn.calls().isEmpty() ? turn.text() : turn.calls().toString();
    long completion = Math.max(1, output.length() / 4);
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    return usage;
  }

  private static void error(
      HttpExchange exchange, int status, String type, String code, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message).put("type", type).putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
