package dev.majordomo.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DDL the docs show is the DDL {@code createSchema()} runs, so that migrations copy it. */
class SchemaInDocsTest {

  @ParameterizedTest
  @ValueSource(strings = {"docs/memory-jdbc.md", "docs/conversations.md"})
  void everyPageShowsTheSchemaTheStoreCreates(String page) throws IOException {
    String expected =
        String.join(";\n", new JdbcConversationStore(new JdbcDataSource()).schemaStatements())
            + ";";
    List<String> blocks = sqlBlocks(root().resolve(page));
    assertThat(blocks).as("the sql blocks of %s that create the table", page).isNotEmpty();
    for (String block : blocks) {
      assertThat(block).as(page).isEqualTo(expected);
    }
  }

  private static List<String> sqlBlocks(Path page) throws IOException {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      if (block == null && line.strip().equals("```sql")) {
        block = new StringBuilder();
      } else if (block != null && line.strip().equals("```")) {
        String text = block.toString().strip();
        if (text.startsWith("CREATE TABLE")) {
          blocks.add(text);
        }
        block = null;
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docs/ folder above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
