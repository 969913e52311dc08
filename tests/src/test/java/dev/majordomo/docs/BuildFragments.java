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
  private static final Set<String> GRADLE_LANGUAGES = Set.of("kotlin", "groovy", "gradle", "kts");

  /** {@code "group:artifact"} or {@code "group:artifact:version"}, either quote. */
  private static final Pattern GRADLE_COORDINATE =
      Pattern.compile("[\"']([\\w.-]+\\.[\\w.-]+):([\\w.-]+)(?::([^:\"'@]*))?[\"']");

  /** A Gradle variable a version may name: {@code val majordomoVersion = "1.0"} ({@code def}). */
  private static final Pattern GRADLE_VARIABLE =
      Pattern.compile("^\\s*(?:val|var|def)\\s+(\\w+)\\s*=\\s*[\"']([^\"'$]*)[\"']");

  /** Gradle's {@code $name} or {@code ${name}}. */
  private static final Pattern GRADLE_REFERENCE = Pattern.compile("^\\$(?:\\{(\\w+)}|(\\w+))$");

  private static final String GRADLE_VARIABLE_KEY = "gradle:";

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

  /**
   * One artifact named by a fragment, where.
   *
   * @param imported a Maven {@code <type>pom</type>} and {@code <scope>import</scope>} dependency,
   *     or a Gradle {@code platform(...)}: a BOM whose versions apply
   * @param processorPath a Maven {@code <annotationProcessorPaths>} entry, which dependency
   *     management does not reach unless the fragment turns that on
   */
  record Coordinate(
      String where,
      String groupId,
      String artifactId,
      String version,
      boolean gradle,
      boolean imported,
      boolean processorPath) {}

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
    for (Coordinate c : coordinates("pom", project, false)) {
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
    // The page's own properties and variables first, then those of the other pages.
    Map<String, String> known = new LinkedHashMap<>(defined);
    known.putAll(definedProperties(fences));
    List<Coordinate> coordinates = new ArrayList<>();
    for (Fence fence : fences) {
      if (fence.language().equals("xml")) {
        Element fragment = fragment(fence);
        boolean processorDepMgmt =
            fence.text().matches("(?s).*<annotationProcessorPathsUseDepMgmt>\\s*true.*");
        coordinates.addAll(coordinates(fence.where(), fragment, processorDepMgmt));
      } else if (GRADLE_LANGUAGES.contains(fence.language())) {
        for (int i = 0; i < fence.lines().size(); i++) {
          String line = fence.lines().get(i);
          String where = fence.page() + ":" + fence.pageLine(i);
          boolean platform = line.contains("platform(") || line.contains("Platform(");
          Matcher m = GRADLE_COORDINATE.matcher(line);
          while (m.find()) {
            coordinates.add(
                new Coordinate(where, m.group(1), m.group(2), m.group(3), true, platform, false));
          }
          m = GRADLE_MAP.matcher(line);
          while (m.find()) {
            coordinates.add(
                new Coordinate(where, GROUP, m.group(1), m.group(2), true, platform, false));
          }
        }
      }
    }
    for (Coordinate c : coordinates) {
      if (c.groupId().equals(GROUP) && c.artifactId().equals("majordomo-bom")) {
        if (c.imported()) {
          usesBom = true;
        } else {
          problems.add(
              c.where()
                  + ": "
                  + GROUP
                  + ":majordomo-bom is not imported ("
                  + (c.gradle()
                      ? "platform(...)"
                      : "<type>pom</type> and <scope>import</scope> in <dependencyManagement>")
                  + "), so it manages no version");
        }
      }
    }
    for (Coordinate c : coordinates) {
      String name = c.groupId() + ":" + c.artifactId();
      if (c.processorPath() && c.version() == null) {
        problems.add(
            c.where()
                + ": "
                + name
                + " is an annotation processor path without a version: Maven does not apply"
                + " dependency management (a BOM) to processor paths");
        continue;
      }
      if (c.gradle() && c.version() != null && GRADLE_REFERENCE.matcher(c.version()).matches()) {
        Matcher reference = GRADLE_REFERENCE.matcher(c.version());
        reference.matches();
        String variable = reference.group(1) != null ? reference.group(1) : reference.group(2);
        if (!known.containsKey(GRADLE_VARIABLE_KEY + variable)) {
          problems.add(
              c.where()
                  + ": "
                  + name
                  + " at version '"
                  + c.version()
                  + "', a variable no page defines (val "
                  + variable
                  + " = \"...\")");
          continue;
        }
      }
      if (!c.groupId().equals(GROUP)
          && (c.groupId().startsWith("dev.majordom") || c.artifactId().startsWith("majordomo-"))) {
        problems.add(c.where() + ": " + name + " looks like Majordomo, whose groupId is " + GROUP);
        continue;
      }
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
        } else {
          String version = resolve(c.version(), known);
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
        String version = resolve(c.version().strip(), known);
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
      if (GRADLE_LANGUAGES.contains(fence.language())) {
        for (String line : fence.lines()) {
          Matcher m = GRADLE_VARIABLE.matcher(line);
          if (m.find()) {
            defined.put(GRADLE_VARIABLE_KEY + m.group(1), m.group(2));
          }
        }
      }
      if (fence.language().equals("xml")) {
        Element fragment = fragment(fence);
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

  /** A Maven fence as one element: a snippet, or a whole pom with its XML declaration. */
  private static Element fragment(Fence fence) {
    String text = fence.text().replaceFirst("^\\s*<\\?xml[^>]*\\?>", "");
    return parse("<fragment>" + text + "</fragment>").getDocumentElement();
  }

  /** Every element with a groupId and an artifactId (a dependency, a plugin, a processor path). */
  private static List<Coordinate> coordinates(
      String where, Element root, boolean processorDepMgmt) {
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
      boolean imported = "pom".equals(text(owner, "type")) && "import".equals(text(owner, "scope"));
      boolean processorPath =
          !processorDepMgmt
              && owner.getTagName().equals("path")
              && owner.getParentNode() instanceof Element list
              && list.getTagName().equals("annotationProcessorPaths");
      found.add(
          new Coordinate(
              where,
              groupId,
              text(owner, "artifactId"),
              text(owner, "version"),
              false,
              imported,
              processorPath));
    }
    return found;
  }

  /** Maven's {@code ${name}}, and Gradle's {@code $name} and {@code ${name}} as a whole version. */
  private static String resolve(String value, Map<String, String> properties) {
    Matcher gradle = GRADLE_REFERENCE.matcher(value);
    if (gradle.matches()) {
      String variable = gradle.group(1) != null ? gradle.group(1) : gradle.group(2);
      String found = properties.get(GRADLE_VARIABLE_KEY + variable);
      if (found != null) {
        return found;
      }
    }
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
