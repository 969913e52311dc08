package dev.majordomo.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as {@code spring-boot:run} starts it, with no profile and no model configured:
 * the {@code offline} profile's model is the application's own scripted endpoint on its own port,
 * reached through the real {@code openai} provider. The port is fixed before the start because the
 * model's DSN names it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OfflineProfileTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PORT = freePort();

  @DynamicPropertySource
  static void port(DynamicPropertyRegistry properties) {
    properties.add("server.port", () -> PORT);
  }

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theOfflineModelCallsTheToolAndRemembersTheConversation() throws Exception {
    assertThat(reply("demo", "Where is my order A-1002?"))
        .isEqualTo("That order is waiting for stock.");
    assertThat(reply("demo", "Thanks!"))
        .isEqualTo("You said \"Thanks!\"; earlier in this conversation: 1 message(s).");
    assertThat(reply("other", "Hello"))
        .isEqualTo("You said \"Hello\"; earlier in this conversation: 0 message(s).");
  }

  private String reply(String conversation, String message)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/chat/" + conversation))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("message", message))))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("reply").asText();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
