package dev.majordomo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {
  private static HttpResponse<String> post(
      LoopbackServer server, String path, HttpRequest.BodyPublisher body) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).POST(body).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void routesByWhatTheBodyAsksFor() throws Exception {
    try (LoopbackServer server = LoopbackServer.canned()) {
      String plain = "{\"model\":\"bench\",\"messages\":[]}";
      assertThat(
              post(server, "/v1/chat/completions", HttpRequest.BodyPublishers.ofString(plain))
                  .body())
          .contains(Canned.ANSWER);

      String streamed = "{\"model\":\"bench\", \"stream\" : true}";
      HttpResponse<String> stream =
          post(server, "/v1/chat/completions", HttpRequest.BodyPublishers.ofString(streamed));
      assertThat(stream.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(stream.body().lines().filter(l -> l.startsWith("data:")).count())
          .isEqualTo(Canned.STREAM_DATA_LINES);
      assertThat(stream.body()).endsWith("data: [DONE]\n\n");

      String notStreamed =
          "{\"stream\":false,\"tools\":[],\"messages\":[{\"tool_call_id\":\"a\"}]}";
      assertThat(
              post(server, "/v1/chat/completions", HttpRequest.BodyPublishers.ofString(notStreamed))
                  .body())
          .contains("call_lyon");

      assertThat(
              post(server, "/elsewhere", HttpRequest.BodyPublishers.ofString(plain)).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void readsChunkedRequestBodies() throws Exception {
    try (LoopbackServer server = LoopbackServer.canned()) {
      byte[] body =
          "{\"tools\":[],\"messages\":[{\"tool_call_id\":\"a\"},{\"tool_call_id\":\"b\"}]}"
              .getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> response =
          post(
              server,
              "/v1/chat/completions",
              HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
      assertThat(response.body()).contains(Canned.TRIP_ANSWER);
    }
  }

  @Test
  void writesAPacedReplyPartByPartAndKeepsTheConnection() throws Exception {
    List<byte[]> parts =
        List.of(
            "data: one\n\n".getBytes(StandardCharsets.UTF_8),
            "data: two\n\n".getBytes(StandardCharsets.UTF_8),
            "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    try (LoopbackServer server =
        LoopbackServer.start(
            (method, path, body) ->
                path.equals("/paced")
                    ? LoopbackServer.Reply.paced("text/event-stream", parts, Duration.ZERO)
                    : Canned.handler().reply(method, path, body))) {
      HttpResponse<String> paced = post(server, "/paced", HttpRequest.BodyPublishers.noBody());
      assertThat(paced.body()).isEqualTo("data: one\n\ndata: two\n\ndata: [DONE]\n\n");
      assertThat(paced.headers().firstValue("content-type")).hasValue("text/event-stream");

      // the next request on the same connection is served by a new connection thread
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> reply =
            client.send(
                HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + (i == 1 ? "/paced" : "/v1/chat/completions")))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
      }
      assertThat(server.connectionsAccepted()).isEqualTo(2); // one per client
      assertThat(server.cpuNanos()).isPositive();
    }
  }
}
