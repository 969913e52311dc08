package dev.majordomo.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 that every client in the benchmarks talks to: one thread per
 * connection, keep-alive, {@code TCP_NODELAY} on every accepted socket (without it loopback replies
 * stall for about 40 ms on Nagle's algorithm), and nothing recorded, so a long benchmark does not
 * grow the heap. Replies come from the handler ({@link Handler#reply}): pre-encoded, so the
 * server's share of each call is a byte scan of the request and one write.
 */
public final class LoopbackServer implements Closeable {
  /** What the server answers: a status, a content type and the whole body. */
  public record Reply(int status, String contentType, byte[] body) {}

  /** Chooses the reply for a request. Called on the connection's thread. */
  @FunctionalInterface
  public interface Handler {
    Reply reply(String method, String path, byte[] body);
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private LoopbackServer(Handler handler) throws IOException {
    this.handler = handler;
    this.socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "loopback-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server on an ephemeral loopback port. */
  public static LoopbackServer start(Handler handler) throws IOException {
    return new LoopbackServer(handler);
  }

  /** Starts a server that plays {@link Canned#handler()}. */
  public static LoopbackServer canned() throws IOException {
    return start(Canned.handler());
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The DSN of a model on this server for the {@code openai} provider. */
  public String openAiDsn(String model) {
    return "openai://tok@127.0.0.1:" + port() + "/" + model + "?tls=false";
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a listening socket only fails when it is already closed
    }
    for (Socket s : connections) {
      try {
        s.close();
      } catch (IOException ignored) {
        // the peer may have gone already
      }
    }
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      Socket s;
      try {
        s = socket.accept();
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        return;
      }
      connections.add(s);
      Thread t = new Thread(() -> serve(s), "loopback-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        OutputStream out = s.getOutputStream()) {
      while (true) {
        String requestLine = readLine(in);
        if (requestLine == null) {
          return;
        }
        if (requestLine.isEmpty()) {
          continue;
        }
        String[] parts = requestLine.split(" ", 3);
        int contentLength = 0;
        boolean chunked = false;
        boolean close = false;
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
          int colon = line.indexOf(':');
          if (colon <= 0) {
            continue;
          }
          String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = line.substring(colon + 1).trim();
          switch (name) {
            case "content-length" -> contentLength = Integer.parseInt(value);
            case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
            case "connection" -> close = value.equalsIgnoreCase("close");
            default -> {}
          }
        }
        if (line == null) {
          return;
        }
        byte[] body = chunked ? readChunked(in) : in.readNBytes(contentLength);
        Reply reply = handler.reply(parts[0], parts.length > 1 ? parts[1] : "/", body);
        write(out, reply, close);
        if (close) {
          return;
        }
      }
    } catch (SocketException e) {
      // the client closed the connection
    } catch (IOException e) {
      // a broken connection ends only itself
    } finally {
      connections.remove(s);
    }
  }

  private static void write(OutputStream out, Reply reply, boolean close) throws IOException {
    String head =
        "HTTP/1.1 "
            + reply.status()
            + (reply.status() == 200 ? " OK" : " Error")
            + "\r\nContent-Type: "
            + reply.contentType()
            + "\r\nContent-Length: "
            + reply.body().length
            + (close ? "\r\nConnection: close" : "")
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    if (headBytes.length + reply.body().length <= 16 * 1024) {
      byte[] all = new byte[headBytes.length + reply.body().length];
      System.arraycopy(headBytes, 0, all, 0, headBytes.length);
      System.arraycopy(reply.body(), 0, all, headBytes.length, reply.body().length);
      out.write(all);
    } else {
      out.write(headBytes);
      out.write(reply.body());
    }
    out.flush();
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      if (sizeLine == null) {
        throw new IOException("chunked body cut short");
      }
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        String trailer;
        while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  /** A CRLF- or LF-terminated ASCII line without its terminator, or null at the end of input. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
