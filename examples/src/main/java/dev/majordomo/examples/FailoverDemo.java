package dev.majordomo.examples;

import dev.majordomo.Registry;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.provider.fake.FakeProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A chain failing over. With no {@code LLM_DEMO} variable set, the chain {@code demo} is defined
 * over three fake targets: the first is overloaded (HTTP 529 twice), the second does not have the
 * model (404), the third answers. Set {@code LLM_DEMO} (for example {@code
 * LLM_DEMO=openai/gpt-4o-mini,ollama/qwen3:8b}) to run the same program against real models.
 */
public final class FailoverDemo {
  private FailoverDemo() {}

  public static void main(String[] args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    boolean fromEnv = env.containsKey("LLM_DEMO");
    FakeProvider fake = new FakeProvider();
    if (!fromEnv) {
      env.put("LLM_DEMO", "fake/overloaded,fake/missing,fake/steady");
      fake.model("overloaded").fail(529, "overloaded_error").fail(529, "overloaded_error");
      fake.model("missing").fail(404, "model_not_found");
      fake.model("steady").defaultReply("Bonjour! The third target answered.");
    }
    System.out.println(
        fromEnv
            ? "Using LLM_DEMO=" + env.get("LLM_DEMO") + " from your environment."
            : "No LLM_DEMO set: using built-in fake targets (LLM_DEMO="
                + env.get("LLM_DEMO")
                + ").");

    Registry registry =
        Registry.builder()
            .provider(fake)
            .env(env)
            .failoverPolicy(
                dev.majordomo.chain.FailoverPolicy.DEFAULT.withBackoffBase(Duration.ofMillis(10)))
            .listener(FailoverDemo::print)
            .build();

    Request request = Request.of(Message.user("Say hello in French."));
    try {
      Response reply = registry.chain("demo").call(request);
      System.out.println();
      System.out.println("Answer: " + reply.text());
      System.out.println("Answered by: " + reply.answeredBy());
      System.out.println("Attempt log:");
      for (Attempt attempt : reply.attempts()) {
        System.out.println("  " + attempt);
      }
    } catch (ChainExhaustedException e) {
      System.out.println("Every target failed:\n" + e.getMessage());
    }
  }

  private static void print(ChainEvent event) {
    System.out.println("  event: " + event);
  }
}
