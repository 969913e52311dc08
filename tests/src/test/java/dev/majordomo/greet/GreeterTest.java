package dev.majordomo.greet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.majordomo.llm.Part;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeRequest;
import dev.majordomo.testing.FakeTimeSource;
import dev.majordomo.testing.MajordomoTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user's test of an assistant, on {@code @MajordomoTest} and plain JUnit assertions: the shape
 * docs/testing-with-fake-provider.md shows.
 */
@MajordomoTest
class GreeterTest {
  private Greeter.Polite polite;

  @Test
  void greetsWithTheScriptedReply(Greeter greeter, FakeProvider fake) {
    fake.model("primary").reply("Hello, Ada!");

    assertEquals("Hello, Ada!", greeter.greet("Ada"));

    FakeRequest request = fake.lastRequest("primary");
    assertEquals("You greet people.", request.systemText());
    assertEquals("Greet Ada.", request.userText());
    assertEquals(List.of("salutation"), request.toolNames());
    assertEquals(0.0, request.options().temperature());
  }

  @Test
  void theModelCallsATool(Greeter greeter, FakeProvider fake) {
    fake.model("primary")
        .replyToolCalls(new Part.ToolCall("call-1", "salutation", "{\"name\":\"Ada\"}"))
        .reply("Hello, Ada! Welcome.");

    assertEquals("Hello, Ada! Welcome.", greeter.greet("Ada"));
    assertEquals("Hello, Ada", fake.lastRequest("primary").toolResults().get(0).content());
  }

  @Test
  void failsOverToTheBackupWithoutWaiting(
      Greeter greeter, FakeProvider fake, FakeTimeSource clock) {
    fake.model("primary").fail(503).fail(503);
    fake.model("backup").reply("Hi from the backup");

    assertEquals("Hi from the backup", greeter.greet("Bo"));
    assertEquals(2, fake.requests("primary").size());
    assertEquals(1, clock.sleeps().size()); // the retry's backoff only moved the fake clock
  }

  @Test
  void aFieldGetsANestedAssistantOnTheSameFake(FakeProvider fake, Greeter.Polite parameter) {
    fake.model("primary").reply("Thank you, Ada.");

    assertSame(parameter, polite);
    assertEquals("Thank you, Ada.", polite.thank("Ada"));
    assertEquals("Thank Ada.", fake.lastRequest().userText());
  }
}
