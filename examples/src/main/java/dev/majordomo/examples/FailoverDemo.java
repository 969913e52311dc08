package dev.majordomo.examples;

import dev.majordomo.Registry;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.time.TimeSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Example 0: what a chain does when targets fail, with the runtime alone (no annotations) and the
 * in-memory fake provider, so that every failure happens on cue. The chain {@code demo} has three
 * fake targets: the first is overloaded (HTTP 529, twice), the second does not have the model
 * (404), the third answers. The chain retries the first once, passes over the second at once, and
 * the third answers; a listener prints every event on the way.
 */
public final class FailoverDemo {
  private FailoverDemo() {}

  public static void main(String[] args) {
    run(System.out, TimeSource.SYSTEM);
  }

  static void run(PrintStream out, TimeSource time) {
    out.println();
    out.println("=== Example 0: failover, step by step (fake targets in memory: no network) ===");
    FakeProvider fake = new FakeProvider();
    fake.model("overloaded").fail(529, "overloaded_error").fail(529, "overloaded_error");
    fake.model("missing").fail(404, "model_not_found");
    fake.model("steady").defaultReply("Bonjour ! The third target answered.");

    Registry registry =
        Registry.builder()
            .provider(fake)
            .env(Map.of())
            .time(time)
            .alias("demo", "fake/overloaded,fake/missing,fake/steady")
            .failoverPolicy(FailoverPolicy.DEFAULT.withBackoffBase(Duration.ofMillis(20)))
            .listener(event -> out.println("  event: " + describe(event)))
            .build();

    out.println("Chain \"demo\" = fake/overloaded, fake/missing, fake/steady");
    Response reply = registry.chain("demo").call(Request.of(Message.user("Say hello in French.")));
    out.println("Answer: " + reply.text());
    out.println("Answered by: " + reply.answeredBy() + " (a fake target, scripted in memory)");
    out.println("Attempts:");
    for (Attempt attempt : reply.attempts()) {
      out.println("  " + ExampleSetup.oneLine(attempt.toString()));
    }
  }

  /** One line per chain event. */
  static String describe(ChainEvent event) {
    if (event instanceof ChainEvent.AttemptStarted e) {
      return "calling " + e.target() + " (attempt " + e.attempt() + ")";
    }
    if (event instanceof ChainEvent.Failed e) {
      return e.target()
          + " failed ("
          + e.kind()
          + "): "
          + ExampleSetup.shorten(ExampleSetup.oneLine(e.error().getMessage()), 110);
    }
    if (event instanceof ChainEvent.Retrying e) {
      return "retrying " + e.target() + " in " + e.delay().toMillis() + " ms";
    }
    if (event instanceof ChainEvent.Skipped e) {
      return "skipping " + e.target() + ": " + e.reason();
    }
    if (event instanceof ChainEvent.Benched e) {
      return e.target() + " is benched until " + e.until();
    }
    if (event instanceof ChainEvent.Succeeded e) {
      return e.target() + " answered";
    }
    return "no target answered";
  }
}
