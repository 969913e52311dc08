package golden.streaming;

import dev.majordomo.Reply;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.media.Image;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** Streams, futures and images. */
@Llm(chain = "fast")
public interface Narrator {
  @Prompt("Tell a story about {{topic}}.")
  Stream<String> tell(String topic);

  ResponseStream events(String topic);

  CompletableFuture<String> later(String topic);

  @Prompt("Summarize {{topic}}.")
  CompletableFuture<Reply<Summary>> summary(String topic);

  @Prompt("Describe these pictures.")
  CompletableFuture<List<String>> describe(Image cover, List<Image> pages);

  record Summary(String title, List<String> points) {}
}
