package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class CallTimeoutsTest {
  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(2, TimeUnit.SECONDS).build();

  @Test
  void aDeadlineLongerThanTheReadTimeoutGetsADerivedClientSharingThePool() {
    OkHttpClient derived = CallTimeouts.clientFor(client, Duration.ofSeconds(30));
    assertThat(derived).isNotSameAs(client);
    assertThat(derived.readTimeoutMillis()).isEqualTo(30_000);
    assertThat(derived.connectionPool()).isSameAs(client.connectionPool());
    assertThat(derived.dispatcher()).isSameAs(client.dispatcher());
  }

  @Test
  void aShorterDeadlineOrNoneKeepsTheClient() {
    assertThat(CallTimeouts.clientFor(client, Duration.ofMillis(500))).isSameAs(client);
    assertThat(CallTimeouts.clientFor(client, null)).isSameAs(client);
    OkHttpClient noRead = new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();
    assertThat(CallTimeouts.clientFor(noRead, Duration.ofMinutes(5))).isSameAs(noRead);
  }

  @Test
  void theCallCarriesTheDeadline() {
    okhttp3.Call call =
        CallTimeouts.newCall(
            client,
            new okhttp3.Request.Builder().url("http://localhost/").build(),
            Duration.ofSeconds(7));
    assertThat(call.timeout().timeoutNanos()).isEqualTo(Duration.ofSeconds(7).toNanos());
  }
}
