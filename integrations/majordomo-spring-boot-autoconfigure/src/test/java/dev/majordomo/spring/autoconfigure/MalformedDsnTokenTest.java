package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An unlucky user's DSNs, each wrong in its own way, on the real providers: the start-up stops
 * naming the property, and the token (given through a placeholder, as the docs advise) shows in no
 * message, cause, failure report or log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedDsnTokenTest {
  private static final String CANARY = MajordomoAutoConfigurationTest.CANARY;

  static List<String> malformed() {
    return List.of(
        "openai://${TOKEN}@api.openai.com:notaport/gpt-4o",
        "openai://${TOKEN}@api.openai.com:99999/gpt-4o",
        "openai://${TOKEN} x@api.openai.com/gpt-4o",
        "openai://${TOKEN}/half@api.openai.com/gpt-4o",
        "openai://${TOKEN}%zz@api.openai.com/gpt-4o",
        "openai://${TOKEN}@[::1/gpt-4o",
        "openai://${TOKEN}@api.openai.com/gpt-4o?timeout=soon",
        "openai://${TOKEN}@api.openai.com/gpt-4o?tls=maybe",
        "openai://${TOKEN}@api.openai.com/gpt-4o?nonsense=1",
        "anthropic://${TOKEN}@ho st/claude",
        // A host the grammar takes and OkHttp refuses: checked when the model is opened.
        "openai://${TOKEN}@a..b/gpt-4o",
        "openai://${TOKEN}@[fe80::1%25eth0]/gpt-4o",
        // Headers that OkHttp would refuse at the first call: checked when the model is opened.
        "openai://${TOKEN}%0A@api.openai.com/gpt-4o",
        "openai://${TOKEN}@api.openai.com/gpt-4o?project=p%0A",
        "anthropic://${TOKEN}%0A@api.anthropic.com/claude",
        "anthropic://${TOKEN}%C3%A9@api.anthropic.com/claude",
        "ollama://${TOKEN}%0D@localhost:11434/qwen3",
        "ollama://${TOKEN}@localhost:11434/qwen3?base_path=no-slash",
        "opnai://${TOKEN}@api.openai.com/gpt-4o",
        "openai:/${TOKEN}@api.openai.com/gpt-4o",
        "openai://${TOKEN}@",
        "${TOKEN}");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void stopsTheStartUpNamingThePropertyWithoutTheToken(String dsn, CapturedOutput output) {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
        .withPropertyValues("TOKEN=" + CANARY, "majordomo.models.primary=" + dsn)
        .run(
            context -> {
              assertThat(context).as(dsn).hasFailed();
              Throwable failure = context.getStartupFailure();
              assertThat(MajordomoAutoConfigurationTest.rootConfigException(failure))
                  .hasMessageStartingWith("majordomo.models.primary");
              MajordomoAutoConfigurationTest.assertNoCanary(failure);
              FailureAnalysis analysis = new ConfigExceptionFailureAnalyzer().analyze(failure);
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(CANARY);
            });
    assertThat(output.getAll()).doesNotContain(CANARY);
  }
}
