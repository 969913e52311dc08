package dev.majordomo.provider.openai;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Answers every call itself with a fixed JSON body and records the request, so that tests can see
 * the exact URL a provider builds for a real host (https, default ports) without any network.
 */
public final class CapturingInterceptor implements Interceptor {
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  public final List<String> bodies = new CopyOnWriteArrayList<>();
  private final String reply;

  public CapturingInterceptor(String reply) {
    this.reply = reply;
  }

  public OkHttpClient client() {
    return new OkHttpClient.Builder().addInterceptor(this).build();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    requests.add(request);
    Buffer body = new Buffer();
    if (request.body() != null) {
      request.body().writeTo(body);
    }
    bodies.add(body.readUtf8());
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .body(ResponseBody.create(reply, MediaType.get("application/json")))
        .build();
  }
}
