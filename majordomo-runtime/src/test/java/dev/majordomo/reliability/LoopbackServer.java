package dev.majordomo.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.BufferedSink;

/**
 * A MockWebServer on loopback whose every request is answered by a function (so a fault repeats on
 * retries), with {@code TCP_NODELAY} on accepted sockets (without it each exchange stalls ~40 ms),
 * and bodies that hold part of a reply back until the server closes.
 */
final class LoopbackServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch closing = new CountDownLatch(1);
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  LoopbackServer(Function<RecordedRequest, MockResponse> answer) {
    this((server, request) -> answer.apply(request));
  }

  /** A server whose answers may use the server itself (for {@link #stallAfter}). */
  LoopbackServer(BiFunction<LoopbackServer, RecordedRequest, MockResponse> answer) {
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            return answer.apply(LoopbackServer.this, request);
          }
        });
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  /**
   * A body of {@code head} then {@code tail} (with the length of both declared) that writes {@code
   * head}, then waits until this server closes before writing the tail: a server that stalls in the
   * middle of a reply.
   */
  MockResponseBody stallAfter(String head, String tail) {
    Buffer h = new Buffer().writeUtf8(head);
    Buffer t = new Buffer().writeUtf8(tail);
    long length = h.size() + t.size();
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return length;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(h.clone(), h.size());
        sink.flush();
        try {
          closing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        throw new IOException("server closed while stalling");
      }
    };
  }

  /** A port that was bound and closed: connecting to it is refused. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.close();
  }

  /** Sets {@code TCP_NODELAY} on every accepted socket. */
  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new NoDelayServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(port));
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(port), backlog);
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(address, port), backlog);
      return s;
    }
  }

  private static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket socket = super.accept();
      socket.setTcpNoDelay(true);
      return socket;
    }
  }
}
