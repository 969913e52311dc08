package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's sources and docs point only at what a reader of the repository can open: the
 * repository's own files or a vendor's public documentation, never a planning document that is not
 * checked in (an issue number, a "reference A.7" section of a private note, a contract file).
 */
class RepositoryHygieneTest {

  /** Pointers at documents a reader of the repository cannot open. */
  private static final Pattern FOREIGN_POINTER =
      Pattern.compile(
          "ASSISTANT-CONTRACT|shared/reference|wire-protocols\\.md|DESIGN\\.md|BUILD-NOTES"
              + "|\\breference [A-C](\\.\\d+)?\\b|\\breference section [A-C]\\b"
              + "|\\bissue #?\\d+\\b");

  /** A repository-relative docs path written in a comment or page, e.g. docs/failover.md. */
  private static final Pattern DOCS_PATH = Pattern.compile("\\bdocs/[\\w./-]+\\.md\\b");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void sourcesAndDocsPointOnlyAtWhatTheRepositoryHolds() {
    List<String> found = new ArrayList<>();
    for (Path file : checkedFiles()) {
      List<String> lines = read(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = FOREIGN_POINTER.matcher(lines.get(i));
        if (m.find()) {
          found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    assertThat(found).as("pointers at documents outside the repository").isEmpty();
  }

  @Test
  void everyDocsPathNamedInSourcesExists() {
    List<String> missing = new ArrayList<>();
    for (Path file : checkedFiles()) {
      List<String> lines = read(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = DOCS_PATH.matcher(lines.get(i));
        while (m.find()) {
          if (!Files.exists(ROOT.resolve(m.group()))) {
            missing.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + m.group());
          }
        }
      }
    }
    assertThat(missing).as("docs paths that do not exist").isEmpty();
  }

  @Test
  void theWalkSeesTheWholeRepository() {
    // Guards the two tests above against passing vacuously from the wrong working directory.
    assertThat(ROOT.resolve("pom.xml")).exists();
    assertThat(checkedFiles())
        .anyMatch(p -> p.endsWith(Path.of("docs", "failover.md")))
        .anyMatch(p -> p.getFileName().toString().equals("Registry.java"));
  }

  private static List<Path> checkedFiles() {
    try (Stream<Path> walk = Files.walk(ROOT)) {
      return walk.filter(Files::isRegularFile)
          .filter(RepositoryHygieneTest::isChecked)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isChecked(Path file) {
    Path rel = ROOT.relativize(file);
    String path = rel.toString().replace('\\', '/');
    if (path.startsWith(".git/")
        || path.contains("/target/")
        || path.startsWith("target/")
        || path.startsWith("docs/performance-results/")
        // The performance report records the history of its own runs, by date.
        || path.equals("docs/performance.md")
        || path.endsWith("RepositoryHygieneTest.java")) {
      return false;
    }
    return path.endsWith(".java") || path.endsWith(".md") || path.endsWith(".xml");
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
