package dev.majordomo.docs;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Checks the Maven and Gradle fragments of the docs against the build: a Majordomo artifact must be
 * one the build publishes, at the project's version; another artifact must name a concrete version,
 * the one the build itself uses when it uses that artifact.
 */
final class BuildFragments {

  static final String GROUP = "dev.majordomo";
  private static final Pattern XML_DECLARATION = Pattern.compile("^\\s*<\\?xml[^?]*\\?>");

  private static final Set<String> GRADLE_LANGUAGES = Set.of("kotlin", "groovy", "gradle", "kts");

  /** {@code "dev.majordomo:artifact"} or {@code "dev.majordomo:artifact:version"}, either quote. */
  private static final Pattern GRADLE_COORDINATE =
      Pattern.compile("[\"']" + Pattern.quote(GROUP) + ":([^:\"']*)(?::([^\"']*))?[\"']");

  /** Groovy's map form: {@code group: 'dev.majordomo', name: 'x', version: 'y'}. */
  private static final Pattern GRADLE_MAP =
      Pattern.compile(
          "group\\s*:\\s*[\"']"
              + Pattern.quote(GROUP)
              + "[\"']\\s*,\\s*name\\s*:\\s*[\"']([^\"']*)[\"'](?:\\s*,\\s*version\\s*:\\s*[\"']([^\"']*)[\"'])?");

  /**
   * What the build says: the project version, the published artifacts, other artifacts' versions.
   */
  record Build(String version, Set<String> published, Map<String, String> versions) {}

  /** One artifact named by a fragment, where. */
  record Coordinate(
      String where, String groupId, String artifactId, String version, boolean gradle) {}

  private BuildFragments() {}

  /** Reads the root pom and, through its modules, every module's pom. */
  static Build read(Path root) {
    Document parent = parse(readString(root.resolve("pom.xml")));
    String version = text(parent.getDocumentElement(), "version");
    Map<String, String> properties = properties(parent.getDocumentElement());
    Map<String, String> versions = new LinkedHashMap<>();
    List<String> published = new ArrayList<>();
    collect(root, parent.getDocumentElement(), properties, versions, published);
    return new Build(version, Set.copyOf(published), versions);
  }

  private static void collect(
      Path dir,
      Element project,
      Map<String, String> properties,
      Map<String, String> versions,
      List<String> published) {
    for (Coordinate c : coordinates("pom", project)) {
      if (c.version() != null) {
        versions.putIfAbsent(c.groupId() + ":" + c.artifactId(), resolve(c.version(), properties));
      }
    }
    for (Element module : children(child(project, "modules"), "module")) {
      Path moduleDir = dir.resolve(module.getTextContent().strip());
      Element pom = parse(readString(moduleDir.resolve("pom.xml"))).getDocumentElement();
      Map<String, String> own = properties(pom);
      boolean skipped =
          "true".equals(own.get("maven.install.skip"))
              || "true".equals(own.get("maven.deploy.skip"));
      if (!skipped) {
        published.add(text(pom, "artifactId"));
      }
      Map<String, String> merged = new LinkedHashMap<>(properties);
      merged.putAll(own);
      collect(moduleDir, pom, merged, versions, published);
    }
  }

  /**
   * The problems of the build fragments of one page; {@code defined} holds the properties that the
   * docs' Maven fragments define ({@code majordomo.version}).
   */
  static List<String> problems(List<Fence> fences, Build build, Map<String, String> defined) {
    List<String> problems = new ArrayList<>();
    boolean usesBom = false;
    List<Coordinate> coordinates = new ArrayList<>();
    for (Fence fence : fences) {
      if (fence.language().equals("xml")) {
        Element fragment = parseFragment(fence.text());
        coordinates.addAll(coordinates(fence.where(), fragment));
      } else if (GRADLE_LANGUAGES.contains(fence.language())) {
        for (int i = 0; i < fence.lines().size(); i++) {
          String line = fence.lines().get(i);
          String where = fence.page() + ":" + fence.pageLine(i);
          for (Pattern p : List.of(GRADLE_COORDINATE, GRADLE_MAP)) {
            Matcher m = p.matcher(line);
            while (m.find()) {
              coordinates.add(new Coordinate(where, GROUP, m.group(1), m.group(2), true));
            }
          }
        }
      }
    }
    for (Coordinate c : coordinates) {
      usesBom |= c.groupId().equals(GROUP) && c.artifactId().equals("majordomo-bom");
    }
    for (Coordinate c : coordinates) {
      String name = c.groupId() + ":" + c.artifactId();
      if (c.groupId().equals(GROUP)) {
        if (!build.published().contains(c.artifactId())) {
          problems.add(
              c.where()
                  + ": "
                  + name
                  + " is not an artifact the build publishes "
                  + build.published().stream().sorted().toList());
        }
        if (c.version() == null) {
          if (!usesBom || c.artifactId().equals("majordomo-bom")) {
            problems.add(
                c.where() + ": " + name + " has no version, and the page imports no majordomo-bom");
          }
        } else if (!(c.gradle() && isGradleVariable(c.version()))) {
          String version = resolve(c.version(), defined);
          if (!build.version().equals(version)) {
            problems.add(
                c.where()
                    + ": "
                    + name
                    + " at version '"
                    + c.version()
                    + "'"
                    + (version.equals(c.version()) ? "" : " ('" + version + "')")
                    + ", but the project's version is "
                    + build.version());
          }
        }
      } else if (c.version() != null) {
        // A whole pom on a page may define its own version properties, such as junit.version.
        String version = resolve(c.version().strip(), defined);
        if (version.isEmpty()
            || version.equals("LATEST")
            || version.equals("RELEASE")
            || version.contains("${")) {
          problems.add(
              c.where() + ": " + name + " needs a concrete version, not '" + version + "'");
        } else if (build.versions().containsKey(name)
            && !build.versions().get(name).equals(version)) {
          problems.add(
              c.where()
                  + ": "
                  + name
                  + " at "
                  + version
                  + ", but the build uses "
                  + build.versions().get(name));
        }
      }
    }
    return problems;
  }

  /** The properties the Maven fragments of the docs define, to read {@code ${name}} versions. */
  static Map<String, String> definedProperties(List<Fence> fences) {
    Map<String, String> defined = new LinkedHashMap<>();
    for (Fence fence : fences) {
      if (fence.language().equals("xml")) {
        Element fragment = parseFragment(fence.text());
        NodeList lists = fragment.getElementsByTagName("properties");
        for (int i = 0; i < lists.getLength(); i++) {
          for (Element p : children((Element) lists.item(i), null)) {
            defined.put(p.getTagName(), p.getTextContent().strip());
          }
        }
      }
    }
    return defined;
  }

  /** Every element with a groupId and an artifactId (a dependency, a plugin, a processor path). */
  private static List<Coordinate> coordinates(String where, Element root) {
    List<Coordinate> found = new ArrayList<>();
    NodeList all = root.getElementsByTagName("artifactId");
    for (int i = 0; i < all.getLength(); i++) {
      Element owner = (Element) all.item(i).getParentNode();
      String groupId = text(owner, "groupId");
      if (groupId == null || owner.getTagName().equals("exclusion") || owner == root) {
        continue;
      }
      if (owner.getTagName().equals("project") || owner.getTagName().equals("parent")) {
        continue;
      }
      found.add(
          new Coordinate(where, groupId, text(owner, "artifactId"), text(owner, "version"), false));
    }
    return found;
  }

  private static boolean isGradleVariable(String version) {
    return version.startsWith("$") && !version.startsWith("${") || version.matches("\\$\\{\\w+}");
  }

  private static String resolve(String value, Map<String, String> properties) {
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = properties.getOrDefault(m.group(1), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<String, String> properties(Element project) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Element p : children(child(project, "properties"), null)) {
      properties.put(p.getTagName(), p.getTextContent().strip());
    }
    String version = text(project, "version");
    if (version != null) {
      properties.put("project.version", version);
    }
    return properties;
  }

  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().strip();
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
        found.add(e);
      }
    }
    return found;
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fence's XML inside one root element, so that several top-level elements parse; a whole file's
   * {@code <?xml …?>} declaration goes, since it may only start a document.
   */
  private static Element parseFragment(String text) {
    String body = XML_DECLARATION.matcher(text).replaceFirst("");
    return parse("<fragment>" + body + "</fragment>").getDocumentElement();
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    }
  }
}
