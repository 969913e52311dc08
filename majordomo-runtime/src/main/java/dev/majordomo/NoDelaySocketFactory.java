package dev.majordomo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY} on, for the registry's own HTTP clients. OkHttp leaves
 * Nagle's algorithm on; with it, the last segment of a request body larger than one segment waits
 * until the server acknowledges the ones before, and servers delay that acknowledgement (40 ms on
 * Linux). A long conversation's request is that large: on loopback, where a segment holds 64 KB,
 * every call with about a thousand messages of history waited 40 ms for nothing. {@code
 * java.net.http}, Netty and Apache HttpClient 5 turn the algorithm off by default too.
 */
final class NoDelaySocketFactory extends SocketFactory {
  static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

  private final SocketFactory sockets = SocketFactory.getDefault();

  private NoDelaySocketFactory() {}

  /** The one OkHttp calls: it connects the socket itself. */
  @Override
  public Socket createSocket() throws IOException {
    return noDelay(sockets.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(sockets.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(sockets.createSocket(address, port, localAddress, localPort));
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }
}
