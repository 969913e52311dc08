package dev.majordomo.internal.http;

import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * Request bodies of JSON. A class of its own so that the media type, whose parsing initializes
 * OkHttp and Kotlin's standard library, is made on the first call rather than when a model's class
 * is loaded (see {@link OnFirstUse}). Internal: see the package documentation.
 */
public final class JsonBodies {
  private static final MediaType JSON = MediaType.get("application/json");

  private JsonBodies() {}

  /** {@return a body of {@code bytes}, {@code application/json}} */
  public static RequestBody of(byte[] bytes) {
    return RequestBody.create(bytes, JSON);
  }
}
