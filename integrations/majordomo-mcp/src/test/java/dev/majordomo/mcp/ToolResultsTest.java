package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.ToolOutput;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolResultsTest {
  private static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  @Test
  void joinsTextPartsWithNewLines() {
    ToolOutput output =
        ToolResults.output(
            CallToolResult.builder().addTextContent("one").addTextContent("two").build());

    assertThat(output).isEqualTo(new ToolOutput("one\ntwo", List.of(), false));
  }

  @Test
  void usesStructuredContentAsJsonOnlyWhenThereIsNoText() {
    ToolOutput structuredOnly =
        ToolResults.output(CallToolResult.builder().structuredContent(Map.of("sum", 3)).build());
    ToolOutput both =
        ToolResults.output(
            CallToolResult.builder()
                .structuredContent(Map.of("sum", 3))
                .addTextContent("three")
                .build());

    assertThat(structuredOnly.text()).isEqualTo("{\"sum\":3}");
    assertThat(both.text()).isEqualTo("three");
  }

  @Test
  void turnsImagesIntoImagesAndBadImagesIntoANote() {
    ToolOutput output =
        ToolResults.output(
            CallToolResult.builder()
                .addContent(McpSchema.ImageContent.builder(PNG, "image/png").build())
                .addContent(
                    McpSchema.ImageContent.builder(
                            Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), "image/png")
                        .build())
                .build());

    assertThat(output.images()).hasSize(1);
    assertThat(output.images().get(0).mimeType()).contains("image/png");
    assertThat(output.text()).startsWith("[image image/png not shown: ");
  }

  @Test
  void notesAudioResourcesAndLinksAndIncludesResourceText() {
    ToolOutput output =
        ToolResults.output(
            CallToolResult.builder()
                .content(
                    List.of(
                        new McpSchema.AudioContent(null, "AAAA", "audio/wav", null),
                        new McpSchema.EmbeddedResource(
                            null,
                            new McpSchema.TextResourceContents(
                                "file:///a.txt", "text/plain", "hello", null),
                            null),
                        new McpSchema.EmbeddedResource(
                            null,
                            new McpSchema.BlobResourceContents(
                                "file:///b.bin", "application/octet-stream", "AAAAAAAA", null),
                            null),
                        new McpSchema.ResourceLink(
                            "c", null, "file:///c.md", null, "text/markdown", null, null, null)))
                .build());

    assertThat(output.text())
        .isEqualTo(
            String.join(
                "\n",
                "[audio audio/wav, 3 bytes, not shown]",
                "[resource file:///a.txt]",
                "hello",
                "[resource file:///b.bin, application/octet-stream, 6 bytes, not shown]",
                "[resource link file:///c.md (c), text/markdown]"));
  }

  @Test
  void marksErrorResults() {
    ToolOutput output =
        ToolResults.output(CallToolResult.builder().addTextContent("no").isError(true).build());

    assertThat(output.isError()).isTrue();
    assertThat(output.text()).isEqualTo("no");
  }

  @Test
  void cutsTextPastTheBoundAndSaysHowMuchWasLeftOut() {
    String huge = "x".repeat(ToolResults.MAX_TEXT_CHARS + 500);
    ToolOutput output =
        ToolResults.output(
            CallToolResult.builder().addTextContent(huge).addTextContent("tail").build());

    assertThat(output.text())
        .startsWith("xxx")
        .endsWith("\n[cut: 505 more characters from the MCP server]")
        .hasSize(
            ToolResults.MAX_TEXT_CHARS
                + "\n[cut: 505 more characters from the MCP server]".length());
  }
}
