package golden.memory;

import dev.majordomo.Conversations;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.MemoryId;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** Chat memory: conversations by customer, history limits, a streamed answer, Conversations. */
@Llm(chain = "fast,thinking", maxHistoryMessages = 20)
@SystemPrompt("You are the support desk of Acme.")
public interface SupportDesk extends Conversations {
  @Prompt("{{question}}")
  String answer(@MemoryId String customer, String question);

  @Llm(maxHistoryTokens = 2000)
  @Prompt("Customer {{customer}} asks, and wants the answer as it is written: {{question}}")
  Stream<String> stream(@MemoryId UUID customer, String question);

  CompletableFuture<Priority> triage(@MemoryId long ticket, String complaint);

  @Llm(maxHistoryMessages = 4)
  String reply(@MemoryId Queue queue, String message);

  String oneOff(String question);

  enum Priority {
    LOW,
    HIGH
  }

  enum Queue {
    BILLING,
    SHIPPING
  }
}
