package dev.majordomo.examples;

import dev.majordomo.Assistants;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.llm.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Example 4: streaming. A method returning {@code Stream<String>} gives the answer's text as it
 * arrives. Nothing is sent until the stream is consumed, and closing it cancels the call, hence
 * try-with-resources. The chain fails over until the first piece of text arrives; a listener given
 * to this assistant records who answered, since a stream of text has no {@code Reply}.
 */
public final class StreamingExample {
  private StreamingExample() {}

  @Llm(chain = "fast")
  @SystemPrompt("You are a storyteller. Four sentences at most.")
  interface Storyteller {
    @Prompt("Tell a short story about {{topic}}.")
    Stream<String> tell(String topic);
  }

  public static void main(String[] args) {
    ExampleSetup.runAlone(StreamingExample::run);
  }

  static void run(ExampleSetup setup) {
    setup.title("Example 4: streaming the answer as it arrives");
    AtomicReference<Target> answeredBy = new AtomicReference<>();
    List<String> attempts = new ArrayList<>();
    Storyteller storyteller =
        Assistants.builder(Storyteller.class)
            .registry(setup.registry())
            .listener(
                event -> {
                  if (event instanceof ChainEvent.Succeeded s) {
                    answeredBy.set(s.target());
                  }
                  if (!(event instanceof ChainEvent.AttemptStarted)) {
                    attempts.add(FailoverDemo.describe(event));
                  }
                })
            .build();

    setup.out().println();
    setup.out().println("> storyteller.tell(\"a lighthouse keeper\")");
    AtomicInteger pieces = new AtomicInteger();
    try (Stream<String> story = storyteller.tell("a lighthouse keeper")) {
      story.forEach(
          piece -> {
            pieces.incrementAndGet();
            setup.out().print(piece);
            setup.out().flush();
          });
    }
    setup.out().println();
    setup.out().println("(" + pieces.get() + " pieces of text arrived one after another)");
    setup.printAnsweredBy(answeredBy.get());
    setup.out().println("Chain events:");
    attempts.forEach(line -> setup.out().println("  " + line));
  }
}
