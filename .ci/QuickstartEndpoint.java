import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The loopback endpoint that CI runs the getting-started project against (.ci/quickstart): a
 * single-file program (java .ci/QuickstartEndpoint.java PORT_FILE OWNER_PID) that answers every
 * OpenAI Chat Completions request with one canned reply. It listens on 127.0.0.1 only, writes its
 * port to PORT_FILE once it listens, and stops by itself as soon as the process OWNER_PID (the
 * script) is gone, so that a script killed outright leaves no server behind; a fixed lifetime
 * instead would either outlive the script or end before a slow build's run.
 */
public final class QuickstartEndpoint {
  static final String REPLY = "Canned reply from the CI quick-start endpoint.";
  static final long OWNER_POLL_MILLIS = 200;

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: java QuickstartEndpoint.java PORT_FILE OWNER_PID");
      System.exit(2);
    }
    ProcessHandle owner =
        ProcessHandle.of(Long.parseLong(args[1]))
            .orElseThrow(() -> new IllegalArgumentException("no process " + args[1]));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          byte[] body =
              ("{\"id\":\"chatcmpl-quickstart\",\"object\":\"chat.completion\",\"created\":0,"
                      + "\"model\":\"quickstart\",\"choices\":[{\"index\":0,\"message\":"
                      + "{\"role\":\"assistant\",\"content\":\""
                      + REPLY
                      + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,"
                      + "\"completion_tokens\":1,\"total_tokens\":2}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    Path portFile = Path.of(args[0]);
    Path partial = Path.of(args[0] + ".partial");
    Files.writeString(partial, Integer.toString(server.getAddress().getPort()));
    Files.move(partial, portFile); // whole or not there: the waiting script never reads half
    while (owner.isAlive()) {
      Thread.sleep(OWNER_POLL_MILLIS);
    }
    server.stop(0);
  }
}
