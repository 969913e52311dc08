package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS by default: every provider's calls go to {@code https} under default DSNs and conventional
 * variables; plain {@code http} only where a DSN says {@code tls=false}, for Ollama's local
 * default, or where a base URL variable itself says {@code http://} (honoured as given: the user
 * wrote it). The URLs are read from the requests as OkHttp would send them; nothing reaches the
 * network.
 */
class TlsTest {

  /**
   * @param element the chain element called
   * @param env the environment, as {@code NAME=value} pairs separated by spaces
   * @param expected the URL the model call goes to
   */
  @ParameterizedTest(name = "{0} with [{1}] calls {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // conventional variables, default hosts: https, except Ollama's local default
        "openai/gpt-4o-mini | OPENAI_API_KEY=k | https://api.openai.com/v1/chat/completions",
        "anthropic/claude-sonnet-4-5 | ANTHROPIC_API_KEY=k | https://api.anthropic.com/v1/messages",
        "ollama/llama3.2 | | http://localhost:11434/api/chat",
        // DSNs with a host: https by default, Ollama plain unless tls=true
        "m | LLM_M=openai://k@llm.example/gpt-4o | https://llm.example/v1/chat/completions",
        "m | LLM_M=anthropic://k@llm.example/c | https://llm.example/v1/messages",
        "m | LLM_M=foreman://k@gw.example/m1 | https://gw.example/v1/chat/completions",
        "m | LLM_M=ollama://gpu.example/l | http://gpu.example:11434/api/chat",
        "m | LLM_M=ollama://gpu.example/l?tls=true | https://gpu.example/api/chat",
        // tls=false is the only way to plain HTTP for the others
        "m | LLM_M=openai://k@llm.example:8080/gpt-4o?tls=false | http://llm.example:8080/v1/chat/completions",
        "m | LLM_M=anthropic://k@llm.example/c?tls=false | http://llm.example/v1/messages",
        "m | LLM_M=foreman://k@gw.example/m1?tls=false | http://gw.example/v1/chat/completions",
        // a base URL variable is honoured as given, scheme included
        "openai/gpt-4o | OPENAI_API_KEY=k OPENAI_BASE_URL=http://proxy.local:8080/v1 | http://proxy.local:8080/v1/chat/completions",
        "openai/gpt-4o | OPENAI_API_KEY=k OPENAI_BASE_URL=https://proxy.local/v1 | https://proxy.local/v1/chat/completions",
        "anthropic/c | ANTHROPIC_API_KEY=k ANTHROPIC_BASE_URL=http://proxy.local:8080 | http://proxy.local:8080/v1/messages",
        "ollama/l | OLLAMA_HOST=https://ollama.example | https://ollama.example/api/chat",
        "ollama/l | OLLAMA_HOST=ollama.example | http://ollama.example:11434/api/chat",
      })
  void theUrlSchemeIsTheOneConfigured(String element, String env, String expected) {
    List<String> urls = new CopyOnWriteArrayList<>();
    Registry registry =
        Registry.builder()
            .env(parse(env))
            .httpClient(
                CannedHttp.client(
                    request -> {
                      urls.add(request.url().toString());
                      return new CannedHttp.Reply(
                          200, "application/json", reply(request.url().encodedPath()), List.of());
                    }))
            .build();

    assertThat(registry.model(element.strip()).call(Request.of(Message.user("hi"))).text())
        .isEqualTo("ok");

    assertThat(urls).filteredOn(u -> !u.endsWith("/api/show")).containsExactly(expected.strip());
  }

  private static Map<String, String> parse(String env) {
    Map<String, String> out = new LinkedHashMap<>();
    if (env != null) {
      for (String pair : env.strip().split("\\s+")) {
        int eq = pair.indexOf('=');
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }

  private static byte[] reply(String path) {
    ProviderBodies wire =
        path.endsWith("/messages")
            ? ProviderBodies.ANTHROPIC
            : path.startsWith("/api/") ? ProviderBodies.OLLAMA : ProviderBodies.OPENAI;
    String body = path.endsWith("/api/show") ? "{}" : wire.reply("ok");
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
