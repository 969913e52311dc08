package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.time.TimeSource;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The registry's clients: plain-HTTP models get one without TLS (so a process that never speaks TLS
 * never builds the JDK's TLS context), every https model and every provider that does not name its
 * URL gets a TLS-capable one, and both share one dispatcher and connection pool. None follows a
 * redirect.
 */
class RegistryProviderContextTest {
  private static final HttpUrl PLAIN = HttpUrl.get("http://localhost:11434/");
  private static final HttpUrl SECURE = HttpUrl.get("https://api.example/v1/");

  private static RegistryProviderContext context(OkHttpClient given) {
    return new RegistryProviderContext(Map.of(), TimeSource.SYSTEM, given, Limits.DEFAULTS);
  }

  @Test
  void aPlainHttpUrlGetsAClientWithoutTls() {
    OkHttpClient client = context(null).httpClient(PLAIN);

    assertThat(client.connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
    assertThatThrownBy(client::sslSocketFactory).isInstanceOf(IllegalStateException.class);
    assertThat(client.followSslRedirects()).isFalse();
    assertThat(client.followRedirects()).isFalse();
  }

  @Test
  void anHttpsUrlAlwaysGetsTls() {
    RegistryProviderContext context = context(null);
    OkHttpClient plain = context.httpClient(PLAIN);
    OkHttpClient secure = context.httpClient(SECURE);

    assertThat(secure).isNotSameAs(plain).isSameAs(context.httpClient());
    assertThat(secure.connectionSpecs()).anyMatch(ConnectionSpec::isTls);
    assertThat(secure.sslSocketFactory()).isNotNull();
    assertThat(secure.x509TrustManager()).isNotNull();
    assertThat(secure.followRedirects()).isFalse();
    assertThat(secure.followSslRedirects()).isFalse();
    assertThat(secure.dispatcher()).isSameAs(plain.dispatcher());
    assertThat(secure.connectionPool()).isSameAs(plain.connectionPool());
    assertThat(secure.dispatcher().getMaxRequestsPerHost()).isEqualTo(64);
    assertThat(secure.readTimeoutMillis()).isEqualTo(plain.readTimeoutMillis());
  }

  @Test
  void theTlsClientFirstThenAPlainOneStillShareThePool() {
    RegistryProviderContext context = context(null);
    OkHttpClient secure = context.httpClient();
    OkHttpClient plain = context.httpClient(PLAIN);

    assertThat(secure.connectionSpecs()).anyMatch(ConnectionSpec::isTls);
    assertThat(plain.connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
    assertThat(plain.connectionPool()).isSameAs(secure.connectionPool());
    assertThat(plain.dispatcher()).isSameAs(secure.dispatcher());
    assertThat(context.httpClient(PLAIN)).isSameAs(plain);
    assertThat(context.httpClient(SECURE)).isSameAs(secure);
  }

  @Test
  void bothOwnClientsTurnOffNaglesAlgorithm() throws Exception {
    // With Nagle's algorithm on, a request body larger than one segment (a long conversation:
    // about 60 KB on loopback, whose segments are 64 KB) waits for the server's delayed
    // acknowledgement, 40 ms on Linux, before its last segment leaves.
    RegistryProviderContext context = context(null);

    for (OkHttpClient client : List.of(context.httpClient(PLAIN), context.httpClient(SECURE))) {
      try (Socket socket = client.socketFactory().createSocket()) {
        assertThat(socket.getTcpNoDelay()).isTrue();
      }
    }
  }

  @Test
  void aClientTheUserGaveKeepsItsOwnSocketFactory() {
    OkHttpClient given =
        new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();

    assertThat(context(given).httpClient(PLAIN).socketFactory()).isSameAs(given.socketFactory());
  }

  @Test
  void aClientTheUserGaveThatFollowsNoRedirectsIsUsedForEveryUrl() {
    OkHttpClient given =
        new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();
    RegistryProviderContext context = context(given);

    assertThat(context.httpClient(PLAIN)).isSameAs(given);
    assertThat(context.httpClient(SECURE)).isSameAs(given);
    assertThat(context.httpClient()).isSameAs(given);
  }

  @Test
  void aClientTheUserGaveThatFollowsRedirectsIsLentAsADerivedOneThatDoesNot() {
    Interceptor marker = chain -> chain.proceed(chain.request());
    OkHttpClient given = new OkHttpClient.Builder().addInterceptor(marker).build();
    RegistryProviderContext context = context(given);

    OkHttpClient lent = context.httpClient();
    assertThat(lent).isNotSameAs(given);
    assertThat(lent.followRedirects()).isFalse();
    assertThat(lent.followSslRedirects()).isFalse();
    assertThat(lent.dispatcher()).isSameAs(given.dispatcher());
    assertThat(lent.connectionPool()).isSameAs(given.connectionPool());
    assertThat(lent.interceptors()).containsExactly(marker);
    assertThat(context.httpClient(PLAIN)).isSameAs(lent);
    assertThat(context.httpClient(SECURE)).isSameAs(lent);
    assertThat(given.followRedirects()).as("the user's own client is left alone").isTrue();
  }
}
