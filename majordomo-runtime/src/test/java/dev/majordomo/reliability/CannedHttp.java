package dev.majordomo.reliability;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * An OkHttp client whose calls never reach the network: an interceptor answers each request with a
 * canned response. Fuzz tries use it to feed bytes to the providers' parsers in microseconds.
 */
final class CannedHttp {
  private CannedHttp() {}

  /** A canned reply: status, content type and body bytes, delivered in chunks of these sizes. */
  record Reply(int status, String contentType, byte[] body, List<Integer> chunks) {}

  /** Shared so that each try's client (derived from it) costs no new pool or dispatcher. */
  private static final OkHttpClient BASE = new OkHttpClient();

  static OkHttpClient client(Function<Request, Reply> answer) {
    return BASE.newBuilder()
        .addInterceptor(
            chain -> {
              Reply reply = answer.apply(chain.request());
              return new Response.Builder()
                  .request(chain.request())
                  .protocol(Protocol.HTTP_1_1)
                  .code(reply.status())
                  .message("canned")
                  .body(body(reply))
                  .build();
            })
        .build();
  }

  static ResponseBody body(Reply reply) {
    MediaType type = MediaType.parse(reply.contentType());
    BufferedSource source = Okio.buffer(new ChunkedSource(reply.body(), reply.chunks()));
    return ResponseBody.create(source, type, -1);
  }

  /**
   * Gives out the bytes in chunks of the given sizes (cycled), so that a line terminator or a UTF-8
   * sequence may be split across reads.
   */
  private static final class ChunkedSource implements Source {
    private final byte[] bytes;
    private final List<Integer> chunks;
    private final AtomicInteger next = new AtomicInteger();
    private int position;

    ChunkedSource(byte[] bytes, List<Integer> chunks) {
      this.bytes = bytes;
      this.chunks = chunks.isEmpty() ? List.of(8192) : chunks;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (position >= bytes.length) {
        return -1;
      }
      int chunk = Math.max(1, chunks.get(next.getAndIncrement() % chunks.size()));
      int n = (int) Math.min(Math.min(byteCount, chunk), bytes.length - position);
      sink.write(bytes, position, n);
      position += n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
