package dev.majordomo.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Part;
import dev.majordomo.spring.actuate.MajordomoHealthIndicator;
import dev.majordomo.spring.test.AutoConfigureMajordomoFake;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A whole application with the starter, as a user's test would start it: the assistants are beans,
 * their tool takes its dependency from the context, conversations are remembered, and the models
 * are the fake provider's.
 */
@SpringBootTest(
    properties = {
      "majordomo.models.primary=openai://${OPENAI_TEST_TOKEN:sk-not-a-real-token}@api.openai.com/gpt-4o",
      "majordomo.aliases.fast=primary,ollama/qwen3",
      "majordomo.health.failure-threshold=1"
    })
@AutoConfigureMajordomoFake
class SampleApplicationTest {
  @Autowired SupportDesk desk;
  @Autowired Translator translator;
  @Autowired FakeProvider fake;
  @Autowired FakeTimeSource time;
  @Autowired MajordomoHealthIndicator health;

  @AfterEach
  void reset() {
    fake.reset();
  }

  @Test
  void anAssistantBeanAnswersWithTheScriptedModel() {
    fake.model("primary").reply("Bonjour");

    assertThat(translator.toFrench("Hello")).isEqualTo("Bonjour");
    assertThat(fake.lastRequest("primary").userText()).isEqualTo("Translate to French: Hello");
  }

  @Test
  void theToolIsTheContextsBeanWithItsDependencyInjected() {
    fake.model("primary")
        .replyToolCalls(new Part.ToolCall("c1", "status", "{\"order\": \"A-1\"}"))
        .reply("Your order has shipped.");

    assertThat(desk.answer("ada", "Where is A-1?")).isEqualTo("Your order has shipped.");
    assertThat(fake.lastRequest("primary").toolResults())
        .extracting(Part.ToolResult::content)
        .containsExactly("shipped");
  }

  @Test
  void conversationsAreRemembered() {
    fake.model("primary").reply("Hello Ada.").reply("You said hi.");

    desk.answer("grace", "Hi, I am Grace");
    desk.answer("grace", "What did I say?");

    assertThat(fake.lastRequest("primary").messages()).hasSize(3);
  }

  @Test
  void aBenchedTargetFailsOverAndShowsInTheHealth() {
    // One failure benches (failure-threshold=1): the chain moves on to the backup at once.
    fake.model("primary").fail(503);
    fake.model("qwen3").reply("from the backup");

    assertThat(translator.toFrench("Hello")).isEqualTo("from the backup");
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getDetails().toString()).contains("benched=true");

    time.advance(Duration.ofMinutes(1));
    fake.model("primary").reply("primary again");
    assertThat(translator.toFrench("Hello")).isEqualTo("primary again");
  }
}
