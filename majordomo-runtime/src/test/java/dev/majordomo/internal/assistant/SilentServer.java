package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server on loopback that reads each request's head and then never answers (or answers only a
 * response head, for a stream that never sends its first event), so that a test can watch the
 * client close the connection.
 */
final class SilentServer implements AutoCloseable {
  private final ServerSocket server;
  private final String head;
  private final BlockingQueue<Socket> requested = new LinkedBlockingQueue<>();
  private final Thread acceptor;

  /**
   * @param head what to write after reading a request (a status line and headers), or {@code null}
   *     to write nothing at all
   */
  SilentServer(String head) {
    this.head = head;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::accept, "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        readHead(socket.getInputStream());
        if (head != null) {
          socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
        }
        requested.add(socket);
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      seen.write(b);
      if (seen.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        return;
      }
    }
  }

  /** The connection of the next request whose head has arrived, waiting at most 10 s. */
  Socket awaitRequest() throws InterruptedException {
    Socket socket = requested.poll(10, TimeUnit.SECONDS);
    assertThat(socket).as("a request reached the server").isNotNull();
    return socket;
  }

  /**
   * Asserts that the client closes {@code socket} within {@code limit}: a read returns the end of
   * the stream or fails with a reset. The wait is bounded by the socket's read timeout.
   */
  static void assertClosedWithin(Socket socket, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    long start = System.nanoTime();
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // the rest of the request body
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the client did not close the connection within " + limit, e);
    } catch (SocketException e) {
      // reset by the client: closed as well
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
  }

  @Override
  public void close() throws IOException {
    server.close();
    Socket s;
    while ((s = requested.poll()) != null) {
      s.close();
    }
  }
}
