package dev.majordomo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM manages every published module at the build's own version: it has no parent (so that it
 * hands importers nothing else), which leaves its version and its list to be kept by hand.
 */
class BomTest {
  private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void theBomHasTheBuildsVersionAndManagesEveryPublishedModuleAtIt() throws IOException {
    String parent = read("pom.xml");
    String bom = read("majordomo-bom/pom.xml");

    assertThat(first(VERSION, bom)).as("the BOM's version").isEqualTo(first(VERSION, parent));
    assertThat(bom).doesNotContain("<parent>");
    String managed =
        bom.substring(
            bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    List<String> artifacts = new ArrayList<>();
    Matcher m = ARTIFACT.matcher(managed);
    while (m.find()) {
      artifacts.add(m.group(1));
    }
    assertThat(artifacts)
        .containsExactlyInAnyOrderElementsOf(
            ApiFilesTest.PUBLISHED_MODULES.stream()
                .map(ApiFilesTest.PublishedModule::artifactId)
                .toList());
    assertThat(managed.split("<version>", -1)).hasSize(artifacts.size() + 1);
    assertThat(managed).doesNotContain("<version>0").contains("<version>${project.version}");
  }

  private static String read(String path) throws IOException {
    return Files.readString(ApiFilesTest.repositoryRoot().resolve(path), StandardCharsets.UTF_8);
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
