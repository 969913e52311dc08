package dev.majordomo.internal.http;

import java.time.Duration;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Calls with a per-attempt deadline on a shared client. A deadline longer than the client's read
 * timeout would be cut short by it (a slow model can take longer than OkHttp's default 10 s to send
 * its first byte), so such a call runs on a client derived from the shared one (same connection
 * pool and dispatcher) whose read timeout is the deadline.
 *
 * <p>Internal: see the package documentation.
 */
public final class CallTimeouts {
  private CallTimeouts() {}

  /**
   * {@code client}, or a client derived from it whose read timeout does not undercut {@code
   * timeout}.
   */
  public static OkHttpClient clientFor(OkHttpClient client, Duration timeout) {
    if (timeout == null) {
      return client;
    }
    long read = client.readTimeoutMillis();
    if (read == 0 || read >= timeout.toMillis()) {
      return client;
    }
    return client.newBuilder().readTimeout(timeout).build();
  }

  /**
   * A call of {@code request} whose whole exchange (connecting, waiting, reading the body or the
   * stream) must end within {@code timeout}; {@code null} keeps the client's own timeouts.
   */
  public static Call newCall(OkHttpClient client, Request request, Duration timeout) {
    return HttpTransport.newCall(clientFor(client, timeout), request, timeout);
  }
}
