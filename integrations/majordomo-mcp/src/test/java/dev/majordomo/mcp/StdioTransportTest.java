package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class StdioTransportTest {

  @Test
  void readsLinesEndedByNewLinesOrCarriageReturnNewLines() throws Exception {
    BufferedReader reader = new BufferedReader(new StringReader("one\r\ntwo\nthree"));

    assertThat(StdioTransport.readLine(reader, 10)).isEqualTo("one");
    assertThat(StdioTransport.readLine(reader, 10)).isEqualTo("two");
    assertThat(StdioTransport.readLine(reader, 10)).isEqualTo("three");
    assertThat(StdioTransport.readLine(reader, 10)).isNull();
  }

  @Test
  void refusesALineLongerThanTheBoundWithoutReadingItAll() throws Exception {
    BufferedReader reader = new BufferedReader(new StringReader("x".repeat(11) + "\nnext\n"));

    assertThatThrownBy(() -> StdioTransport.readLine(reader, 10))
        .isInstanceOf(StdioTransport.LineTooLongException.class);
  }

  @Test
  void inheritsOnlyAFewEnvironmentVariables() {
    assertThat(StdioTransport.INHERITED_ENVIRONMENT)
        .contains("PATH")
        .doesNotContain("OPENAI_API_KEY");
  }
}
