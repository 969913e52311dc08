package dev.majordomo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Both readers of the many-streams benchmark read the whole text of a paced stream. */
class ManyStreamsTest {
  @Test
  void everyReaderGetsEveryEventsText() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(PacedStream.handler(Duration.ZERO))) {
      for (String name : new String[] {"floor", "majordomo"}) {
        StringBuilder text = new StringBuilder();
        int[] pieces = new int[1];
        ManyStreams.reader(name, server)
            .read(
                PacedStream.question(7),
                t -> {
                  pieces[0]++;
                  return text.append(t) != null;
                });
        assertThat(text.toString()).as(name).isEqualTo(PacedStream.text(7));
        assertThat(pieces[0]).as(name).isEqualTo(7);
      }
    }
  }

  @Test
  void aReaderThatStopsEarlyLeavesTheServerServing() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(PacedStream.handler(Duration.ZERO))) {
      for (String name : new String[] {"floor", "majordomo"}) {
        ManyStreams.Reader reader = ManyStreams.reader(name, server);
        reader.read(PacedStream.question(50), t -> false);
        StringBuilder text = new StringBuilder();
        reader.read(PacedStream.question(2), t -> text.append(t) != null);
        assertThat(text.toString()).as(name).isEqualTo(PacedStream.text(2));
      }
    }
  }
}
