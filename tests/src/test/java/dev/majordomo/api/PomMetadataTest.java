package dev.majordomo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Every published pom carries what a public repository requires before it accepts an artifact: a
 * name and a one-line description of its own, and a project URL, a licence, the source repository
 * and the developers, inherited from majordomo-parent or (for the BOM, which has no parent) written
 * out. The published modules are those of {@link ApiFilesTest#PUBLISHED_MODULES}, the BOM and the
 * parent itself, which every published pom names as its parent.
 */
class PomMetadataTest {
  private static final String BOM = "majordomo-bom";
  private static final String PARENT = ".";
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  @Test
  void everyPublishedPomHasTheMetadataAPublicRepositoryRequires() {
    List<String> problems = new ArrayList<>();
    for (String directory : publishedDirectories()) {
      problems.addAll(problemsOf(EffectivePom.of(directory)));
    }
    assertThat(problems).as("missing or wrong metadata in published poms").isEmpty();
  }

  /** Maven appends a module's artifactId to an inherited URL unless the parent forbids it. */
  @Test
  void everyPublishedPomNamesTheSameProjectUrlAndRepository() {
    EffectivePom parent = EffectivePom.of(PARENT);
    String url = parent.value("url");
    assertThat(url).startsWith("https://");
    for (String directory : publishedDirectories()) {
      EffectivePom pom = EffectivePom.of(directory);
      assertThat(pom.value("url")).as(directory + ": url").isEqualTo(url);
      assertThat(pom.value("scm/url")).as(directory + ": scm/url").isEqualTo(url);
      assertThat(pom.value("scm/connection"))
          .as(directory + ": scm/connection")
          .isEqualTo("scm:git:" + url + ".git");
      assertThat(pom.value("scm/developerConnection"))
          .as(directory + ": scm/developerConnection")
          .isEqualTo("scm:git:" + url + ".git");
    }
  }

  @Test
  void theLicenceFileIsTheOneThePomsName() throws IOException {
    String licence =
        Files.readString(ApiFilesTest.repositoryRoot().resolve("LICENSE"), StandardCharsets.UTF_8);
    assertThat(licence)
        .contains("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS");
    for (String directory : publishedDirectories()) {
      assertThat(EffectivePom.of(directory).value("licenses/license/name"))
          .as(directory)
          .isEqualTo("Apache License, Version 2.0");
    }
  }

  /**
   * The modules that are never published build no sources or Javadoc jar and install nothing, and
   * the parent attaches both jars to every other module.
   */
  @Test
  void onlyPublishedModulesAttachSourcesAndJavadocJars() throws IOException {
    Path root = ApiFilesTest.repositoryRoot();
    String parent = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
    assertThat(parent).contains("<id>attach-sources</id>", "<id>attach-javadocs</id>");
    List<String> neverPublished = new ArrayList<>();
    for (String module : rootModules()) {
      String pom =
          Files.readString(root.resolve(module).resolve("pom.xml"), StandardCharsets.UTF_8);
      if (pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
        neverPublished.add(module);
        assertThat(pom)
            .as(module + " is never published")
            .contains(
                "<maven.install.skip>true</maven.install.skip>",
                "<maven.source.skip>true</maven.source.skip>",
                "<maven.javadoc.skip>true</maven.javadoc.skip>");
      }
    }
    assertThat(neverPublished).contains("examples", "benchmarks", "tests");
  }

  /** The root pom's modules that are published are exactly the ones this test checks. */
  @Test
  void theCheckedModulesAreTheBuildsPublishedModules() throws IOException {
    Path root = ApiFilesTest.repositoryRoot();
    List<String> published = new ArrayList<>();
    for (String module : rootModules()) {
      String pom =
          Files.readString(root.resolve(module).resolve("pom.xml"), StandardCharsets.UTF_8);
      if (!pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
        published.add(module);
      }
    }
    assertThat(published)
        .containsExactlyInAnyOrderElementsOf(
            publishedDirectories().stream().filter(d -> !d.equals(PARENT)).toList());
  }

  @Test
  void aPomWithoutALicenceOrAnInheritedUrlWithTheArtifactAppendedIsReported(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("pom.xml"),
        """
        <project>
          <groupId>g</groupId><artifactId>parent</artifactId><version>1</version>
          <url>https://example.org/p</url>
          <developers><developer><name>d</name></developer></developers>
          <scm><connection>scm:git:x</connection></scm>
        </project>
        """);
    Files.createDirectories(dir.resolve("child"));
    Files.writeString(
        dir.resolve("child/pom.xml"),
        """
        <project>
          <parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent>
          <artifactId>child</artifactId>
          <name>Child</name>
        </project>
        """);

    EffectivePom child = EffectivePom.of(dir, "child");

    assertThat(child.value("url")).isEqualTo("https://example.org/p/child");
    assertThat(problemsOf(child))
        .containsExactlyInAnyOrder(
            "child: no description",
            "child: no licenses/license/name",
            "child: no licenses/license/url",
            "child: no scm/developerConnection",
            "child: no scm/url");
  }

  private static List<String> problemsOf(EffectivePom pom) {
    List<String> problems = new ArrayList<>();
    String where = pom.directory();
    for (String own : List.of("name", "description")) {
      String value = pom.own(own);
      if (value == null || value.isBlank()) {
        problems.add(where + ": no " + own);
      } else if (value.contains("\n")) {
        problems.add(where + ": " + own + " is not one line");
      }
    }
    for (String required :
        List.of(
            "url",
            "licenses/license/name",
            "licenses/license/url",
            "scm/connection",
            "scm/developerConnection",
            "scm/url",
            "developers/developer/name")) {
      String value = pom.value(required);
      if (value == null || value.isBlank()) {
        problems.add(where + ": no " + required);
      } else if (value.contains("${")) {
        problems.add(where + ": " + required + " has an undefined property: " + value);
      }
    }
    return problems;
  }

  private static List<String> publishedDirectories() {
    return Stream.concat(
            Stream.of(PARENT, BOM),
            ApiFilesTest.PUBLISHED_MODULES.stream().map(ApiFilesTest.PublishedModule::directory))
        .toList();
  }

  private static List<String> rootModules() throws IOException {
    String rootPom =
        Files.readString(ApiFilesTest.repositoryRoot().resolve("pom.xml"), StandardCharsets.UTF_8);
    List<String> modules = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
    while (module.find()) {
      modules.add(module.group(1));
    }
    return modules;
  }

  /**
   * A pom and the chain of its parents by relative path, read as Maven inherits the metadata
   * checked here: the nearest pom that has an element gives it, properties are interpolated, and an
   * inherited URL gets the module's artifactId appended unless the parent says {@code
   * inherit.append.path="false"}.
   */
  record EffectivePom(String directory, List<Element> chain, Map<String, String> properties) {

    static EffectivePom of(String directory) {
      return of(ApiFilesTest.repositoryRoot(), directory);
    }

    static EffectivePom of(Path root, String directory) {
      List<Element> chain = new ArrayList<>();
      Path pom = root.resolve(directory).resolve("pom.xml").normalize();
      while (true) {
        Element project = parse(pom);
        chain.add(project);
        Element parent = child(project, "parent");
        if (parent == null) {
          break;
        }
        String relative = text(child(parent, "relativePath"));
        pom = pom.getParent().resolve(relative == null ? "../pom.xml" : relative).normalize();
        if (Files.isDirectory(pom)) {
          pom = pom.resolve("pom.xml");
        }
      }
      Map<String, String> properties = new HashMap<>();
      for (int i = chain.size() - 1; i >= 0; i--) {
        Element props = child(chain.get(i), "properties");
        if (props != null) {
          for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
              properties.put(e.getTagName(), e.getTextContent().trim());
            }
          }
        }
      }
      properties.put("project.version", text(first(chain, "version")));
      return new EffectivePom(directory, chain, properties);
    }

    /** An element of this pom itself, not inherited. */
    String own(String path) {
      return interpolate(text(find(chain.get(0), path)));
    }

    /** An element as Maven resolves it for this pom, or null. */
    String value(String path) {
      List<String> appended = new ArrayList<>();
      for (int i = 0; i < chain.size(); i++) {
        Element found = find(chain.get(i), path);
        if (found != null) {
          String value = interpolate(text(found));
          if (value != null && !appended.isEmpty()) {
            Collections.reverse(appended);
            value = value + "/" + String.join("/", appended);
          }
          return value;
        }
        if (i + 1 < chain.size() && appendsPath(chain.get(i + 1), path)) {
          appended.add(text(child(chain.get(i), "artifactId")));
        }
      }
      return null;
    }

    private static boolean appendsPath(Element parent, String path) {
      String attribute =
          switch (path) {
            case "url" -> "child.project.url.inherit.append.path";
            case "scm/url" -> "child.scm.url.inherit.append.path";
            case "scm/connection" -> "child.scm.connection.inherit.append.path";
            case "scm/developerConnection" -> "child.scm.developerConnection.inherit.append.path";
            default -> null;
          };
      if (attribute == null) {
        return false;
      }
      Element holder = path.startsWith("scm/") ? child(parent, "scm") : parent;
      return holder == null || !"false".equals(holder.getAttribute(attribute));
    }

    private String interpolate(String value) {
      if (value == null) {
        return null;
      }
      String result = value;
      for (int depth = 0; depth < 10 && result.contains("${"); depth++) {
        Matcher m = PROPERTY.matcher(result);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          String replacement = properties.getOrDefault(m.group(1), m.group());
          m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        result = out.toString();
      }
      return result;
    }

    private static Element first(List<Element> chain, String name) {
      for (Element project : chain) {
        Element found = child(project, name);
        if (found == null && child(project, "parent") != null) {
          found = child(child(project, "parent"), name);
        }
        if (found != null) {
          return found;
        }
      }
      return null;
    }

    private static Element find(Element from, String path) {
      Element current = from;
      for (String step : path.split("/")) {
        current = current == null ? null : child(current, step);
      }
      return current;
    }

    private static Element child(Element parent, String name) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals(name)) {
          return e;
        }
      }
      return null;
    }

    private static String text(Element element) {
      return element == null ? null : element.getTextContent().trim();
    }

    private static Element parse(Path pom) {
      try {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ParserConfigurationException | SAXException e) {
        throw new IllegalStateException("cannot parse " + pom, e);
      }
    }
  }
}
