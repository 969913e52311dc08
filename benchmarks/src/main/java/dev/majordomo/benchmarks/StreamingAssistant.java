package dev.majordomo.benchmarks;

import dev.majordomo.annotations.Llm;
import java.util.stream.Stream;

/** Majordomo's contender in the many-streams benchmark: a reply streamed as text. */
@Llm(chain = "bench")
public interface StreamingAssistant {
  /** The reply's text as it arrives, one piece per event. */
  Stream<String> tell(String question);
}
