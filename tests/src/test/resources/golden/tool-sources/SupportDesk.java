package golden.sources;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;
import dev.majordomo.llm.ResponseStream;
import java.util.concurrent.CompletableFuture;

/** Answers support questions with the tools of two MCP servers and one of its own. */
@Llm(chain = "fast", toolSources = "files")
public interface SupportDesk extends AutoCloseable {
  @Llm(toolSources = {"issues", "wiki"})
  @Prompt("Answer the customer: {{question}}")
  String answer(String question);

  /** Uses the interface's source only. */
  CompletableFuture<String> later(String question);

  /** The caller runs the tool calls it sees, the sources' included. */
  ResponseStream events(String question);

  @Tool("Today's date.")
  default String today() {
    return "2026-12-05";
  }

  @Override
  void close();
}
