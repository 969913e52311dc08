package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.ToolSourceException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolNamesTest {

  @Test
  void prefixesAndReplacesCharactersProvidersRefuse() {
    assertThat(ToolNames.exposed("files_", "read_file")).isEqualTo("files_read_file");
    assertThat(ToolNames.exposed("files_", "read.file v2/ü")).isEqualTo("files_read_file_v2__");
    assertThat(ToolNames.exposed("", "search-issues")).isEqualTo("search-issues");
  }

  @Test
  void shortensLongNamesDeterministicallyKeepingAHash() {
    String longName = "x".repeat(80);
    String exposed = ToolNames.exposed("p_", longName);

    assertThat(exposed).hasSize(64).matches("[a-zA-Z0-9_-]{64}").startsWith("p_xxx");
    assertThat(exposed).matches(".*_[0-9a-f]{8}");
    assertThat(ToolNames.exposed("p_", longName)).isEqualTo(exposed);
    assertThat(ToolNames.exposed("p_", longName + "y")).isNotEqualTo(exposed);
  }

  @Test
  void keepsANameOfExactly64Characters() {
    String name = "a".repeat(62);
    assertThat(ToolNames.exposed("p_", name)).isEqualTo("p_" + name);
  }

  @Test
  void refusesTwoToolsThatBecomeOneNameNamingBoth() {
    assertThatThrownBy(() -> ToolNames.assign("files", "files_", List.of("read.file", "read file")))
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("'read.file'")
        .hasMessageContaining("'read file'")
        .hasMessageContaining("files_read_file")
        .extracting(e -> ((ToolSourceException) e).source())
        .isEqualTo("files");
  }

  @Test
  void keepsTheServersOrder() {
    assertThat(ToolNames.assign("s", "s_", List.of("b", "a", "c")).keySet())
        .containsExactly("s_b", "s_a", "s_c");
  }
}
