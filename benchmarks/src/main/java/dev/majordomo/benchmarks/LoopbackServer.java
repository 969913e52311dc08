package dev.majordomo.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 that every client in the benchmarks talks to: one thread per
 * connection, keep-alive, {@code TCP_NODELAY} on every accepted socket (without it loopback replies
 * stall for about 40 ms on Nagle's algorithm), and nothing recorded, so a long benchmark does not
 * grow the heap. Replies come from the handler ({@link Handler#reply}): pre-encoded, so the
 * server's share of each call is a byte scan of the request and one write.
 *
 * <p>A {@linkplain Reply#paced paced} reply is written part by part at a fixed interval, as a model
 * streams its tokens, by one shared thread ({@code loopback-pacer}) rather than by the
 * connection's: a thousand slow streams then hold one server thread, not a thousand, and a
 * benchmark that counts the threads a client holds is not confused by the server's. When the last
 * part is written the connection gets a thread again to read its next request (keep-alive). The
 * server's threads are all named {@code loopback-…}.
 */
public final class LoopbackServer implements Closeable {
  private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

  /**
   * What the server answers: a status, a content type and the whole body; for a paced reply also
   * its parts (which make up the body) and the time between them.
   */
  public record Reply(
      int status, String contentType, byte[] body, List<byte[]> parts, long intervalNanos) {
    /** A reply written at once. */
    public Reply(int status, String contentType, byte[] body) {
      this(status, contentType, body, List.of(), 0);
    }

    /**
     * A 200 reply whose parts are written one {@code interval} apart, the first at once, each
     * flushed (the {@code Content-Length} is the total, so the client reads the body as usual).
     */
    public static Reply paced(String contentType, List<byte[]> parts, Duration interval) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        body.writeBytes(part);
      }
      return new Reply(
          200, contentType, body.toByteArray(), List.copyOf(parts), interval.toNanos());
    }

    boolean isPaced() {
      return !parts.isEmpty();
    }
  }

  /** Chooses the reply for a request. Called on the connection's thread. */
  @FunctionalInterface
  public interface Handler {
    Reply reply(String method, String path, byte[] body);
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final AtomicLong accepted = new AtomicLong();

  /** The server's threads alive now, and the CPU time of those that ended. */
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  private final AtomicLong retiredCpuNanos = new AtomicLong();

  /** Writes the parts of paced replies; created on the first one. */
  private volatile ScheduledExecutorService pacer;

  private LoopbackServer(Handler handler) throws IOException {
    this.handler = handler;
    // A backlog for a thousand clients connecting at once (the many-streams benchmark): with a
    // short one, connections beyond it wait for a SYN retransmit, a second or more.
    this.socket = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    this.acceptor = thread(this::acceptLoop, "loopback-accept");
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

  /**
   * How many connections the server has accepted since it started: a client that keeps too few idle
   * connections opens new ones under load, and that shows here.
   */
  public long connectionsAccepted() {
    return accepted.get();
  }

  /**
   * CPU time used by the server's threads so far (those that ended and those alive), where the JVM
   * measures thread CPU time: what a benchmark subtracts to tell the client's share from the
   * server's.
   */
  public long cpuNanos() {
    long total = retiredCpuNanos.get();
    for (Thread t : threads) {
      long cpu = THREAD_CPU.getThreadCpuTime(t.getId());
      if (cpu > 0) {
        total += cpu;
      }
    }
    return total;
  }

  /** The server's threads alive now: the acceptor, one per connection being read, the pacer. */
  public int threadCount() {
    return threads.size();
  }

  /** A daemon thread of the server, counted by {@link #cpuNanos} and {@link #threadCount}. */
  private Thread thread(Runnable body, String name) {
    Thread t =
        new Thread(
            () -> {
              threads.add(Thread.currentThread());
              try {
                body.run();
              } finally {
                long cpu = THREAD_CPU.getCurrentThreadCpuTime();
                if (cpu > 0) {
                  retiredCpuNanos.addAndGet(cpu);
                }
                threads.remove(Thread.currentThread());
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  /** The DSN of a model on this server for the {@code openai} provider. */
  public String openAiDsn(String model) {
    return "openai://tok@127.0.0.1:" + port() + "/" + model + "?tls=false";
  }

  @Override
  public void close() {
    ScheduledExecutorService p = pacer;
    if (p != null) {
      p.shutdownNow();
    }
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
      accepted.incrementAndGet();
      connections.add(s);
      thread(() -> serve(s), "loopback-conn").start();
    }
  }

  private void serve(Socket s) {
    InputStream in;
    OutputStream out;
    try {
      in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      out = s.getOutputStream();
    } catch (IOException e) {
      closeQuietly(s);
      return;
    }
    serve(s, in, out);
  }

  /** Serves requests on {@code s} until it closes or a paced reply takes it over. */
  private void serve(Socket s, InputStream in, OutputStream out) {
    boolean handedOver = false;
    try {
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
        if (reply.isPaced()) {
          out.write(head(reply, close));
          new PacedWrite(s, in, out, reply, close).start();
          handedOver = true;
          return;
        }
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
      if (!handedOver) {
        closeQuietly(s);
        connections.remove(s);
      }
    }
  }

  private void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // the peer may have gone already
    }
  }

  private ScheduledExecutorService pacer() {
    ScheduledExecutorService p = pacer;
    if (p == null) {
      synchronized (this) {
        p = pacer;
        if (p == null) {
          p = pacer = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "loopback-pacer"));
        }
      }
    }
    return p;
  }

  /**
   * The parts of one paced reply, each written at its time (start + index × interval, so that a
   * late write does not delay the rest) on the pacer thread. The connection is served again on a
   * thread of its own once the last part is out, unless the reply closes it.
   */
  private final class PacedWrite implements Runnable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Reply reply;
    private final boolean close;
    private final long start = System.nanoTime();
    private int next;

    PacedWrite(Socket socket, InputStream in, OutputStream out, Reply reply, boolean close) {
      this.socket = socket;
      this.in = in;
      this.out = out;
      this.reply = reply;
      this.close = close;
    }

    void start() {
      run();
    }

    @Override
    public void run() {
      try {
        out.write(reply.parts().get(next++));
        out.flush();
      } catch (IOException e) {
        // the client went away (a stream closed early): the connection ends here
        closeQuietly(socket);
        connections.remove(socket);
        return;
      }
      if (next < reply.parts().size()) {
        long due = start + next * reply.intervalNanos() - System.nanoTime();
        try {
          pacer().schedule(this, Math.max(0, due), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          closeQuietly(socket); // the server is closing
          connections.remove(socket);
        }
      } else if (close) {
        closeQuietly(socket);
        connections.remove(socket);
      } else {
        thread(() -> serve(socket, in, out), "loopback-conn").start();
      }
    }
  }

  private static byte[] head(Reply reply, boolean close) {
    return ("HTTP/1.1 "
            + reply.status()
            + (reply.status() == 200 ? " OK" : " Error")
            + "\r\nContent-Type: "
            + reply.contentType()
            + "\r\nContent-Length: "
            + reply.body().length
            + (close ? "\r\nConnection: close" : "")
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static void write(OutputStream out, Reply reply, boolean close) throws IOException {
    byte[] headBytes = head(reply, close);
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
