package dev.majordomo.provider.compatible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/providers.md keeps a row for every registered scheme in its two tables. */
class FeatureTableTest {
  private static final Path PROVIDERS =
      Path.of("..").toAbsolutePath().normalize().resolve("docs/providers.md");
  private static final Pattern SCHEME = Pattern.compile("`([a-z][a-z0-9+.-]*)`");

  private static List<String> registered() {
    return ServiceLoader.load(Provider.class).stream().map(p -> p.get().scheme()).toList();
  }

  /** The schemes in the first column of the table that follows {@code heading}. */
  private static List<String> firstColumn(String heading) throws IOException {
    List<String> lines = Files.readAllLines(PROVIDERS);
    int start = heading == null ? 0 : lines.indexOf(heading);
    assertThat(start).as("heading %s in %s", heading, PROVIDERS).isNotNegative();
    List<String> schemes = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(start, lines.size())) {
      if (line.startsWith("|")) {
        inTable = true;
        String first = line.split("\\|")[1];
        Matcher m = SCHEME.matcher(first);
        while (m.find()) {
          schemes.add(m.group(1));
        }
      } else if (inTable) {
        break;
      }
    }
    return schemes;
  }

  @Test
  void theFeatureTableHasEveryRegisteredScheme() throws IOException {
    assertThat(firstColumn("## Features by scheme")).containsAll(registered());
  }

  @Test
  void theSchemeTableHasEveryRegisteredScheme() throws IOException {
    assertThat(firstColumn(null)).containsAll(registered());
  }
}
