package dev.majordomo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each published module's API, computed from its compiled classes, must equal its checked-in file
 * {@code <module>/api/<module>.api}: a change to the API shows in review as a change to that file.
 * With {@code -Dmajordomo.api.update=true} the test rewrites the files instead of comparing them.
 */
public class ApiFilesTest {

  /**
   * Every published module, with one class it holds (the test finds the module's classes by it).
   * Public for the tests of other packages that need the list, such as the docs' snippet compiler.
   */
  public static final List<PublishedModule> PUBLISHED_MODULES =
      List.of(
          new PublishedModule("majordomo-annotations", "dev.majordomo.annotations.Llm"),
          new PublishedModule("majordomo-grammar", "dev.majordomo.internal.grammar.ChainGrammar"),
          new PublishedModule("majordomo-runtime", "dev.majordomo.Registry"),
          new PublishedModule("majordomo-processor", "dev.majordomo.processor.MajordomoProcessor"),
          new PublishedModule("majordomo-testing", "dev.majordomo.testing.FakeProvider"),
          new PublishedModule(
              "integrations/majordomo-jdbc", "dev.majordomo.jdbc.JdbcConversationStore"),
          new PublishedModule(
              "integrations/majordomo-redis", "dev.majordomo.redis.RedisConversationStore"),
          new PublishedModule(
              "integrations/majordomo-opentelemetry",
              "dev.majordomo.opentelemetry.MajordomoTelemetry"),
          new PublishedModule("integrations/majordomo-mcp", "dev.majordomo.mcp.McpToolSource"),
          new PublishedModule(
              "integrations/majordomo-spring-boot-autoconfigure",
              "dev.majordomo.spring.autoconfigure.MajordomoAutoConfiguration"),
          // The starter holds only the package comment that its Javadoc jar is made of.
          new PublishedModule(
              "integrations/majordomo-spring-boot-starter",
              "dev.majordomo.spring.starter.package-info"));

  static final String UPDATE_PROPERTY = "majordomo.api.update";

  static final String UPDATE_COMMAND =
      "mvn -B -o verify -pl tests -am -Dtest=ApiFilesTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -D"
          + UPDATE_PROPERTY
          + "=true";

  private static final String INTERNAL_PACKAGE = "dev.majordomo.internal.";

  /**
   * @param directory the module's directory from the repository root, as the root pom lists it
   *     ({@code majordomo-runtime}, {@code integrations/majordomo-...}); its last segment is the
   *     artifact
   * @param anchorClass a class the module holds, by binary name
   */
  public record PublishedModule(String directory, String anchorClass) {
    /** The module's artifactId, the last segment of its directory. */
    public String artifactId() {
      return Path.of(directory).getFileName().toString();
    }

    Path apiFile(Path root) {
      return root.resolve(directory).resolve("api").resolve(artifactId() + ".api");
    }
  }

  @Test
  void apiFilesMatchTheCompiledClasses() throws IOException {
    Path root = repositoryRoot();
    boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
    List<String> mismatches = new ArrayList<>();
    for (PublishedModule module : PUBLISHED_MODULES) {
      String actual = render(module, exportedTypes(module));
      Path file = module.apiFile(root);
      String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (actual.equals(expected)) {
        continue;
      }
      if (update) {
        // The only write outside target/, and only when asked for.
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        System.out.println("Updated " + root.relativize(file));
      } else {
        mismatches.add(describeMismatch(module, root.relativize(file), expected, actual));
      }
    }
    if (!mismatches.isEmpty()) {
      fail(
          String.join("\n\n", mismatches)
              + "\n\nIf the change is intended, regenerate the API files from the repository root"
              + " with\n  "
              + UPDATE_COMMAND
              + "\nand commit them with the change.");
    }
  }

  /**
   * Every module of the root pom that is published (its pom does not set {@code maven.deploy.skip})
   * has its API file checked, and only those: a new module, such as an integration, cannot be
   * forgotten here.
   */
  @Test
  void everyPublishedModuleOfTheBuildHasItsApiFile() throws IOException {
    Path root = repositoryRoot();
    String rootPom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
    List<String> published = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
    while (module.find()) {
      String pom =
          Files.readString(
              root.resolve(module.group(1)).resolve("pom.xml"), StandardCharsets.UTF_8);
      boolean classes = !pom.contains("<packaging>pom</packaging>"); // the BOM holds none
      if (classes && !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
        published.add(module.group(1));
      }
    }
    assertThat(published)
        .as("the root pom's published modules (those without maven.deploy.skip)")
        .containsExactlyInAnyOrderElementsOf(
            PUBLISHED_MODULES.stream().map(PublishedModule::directory).toList());
  }

  /**
   * Top-level types outside {@code dev.majordomo.internal} share no simple name, and no nested type
   * takes the name of one of them: an import never has to pick between two. Nested types may share
   * a name among themselves ({@code Registry.Builder}, {@code Assistants.Builder}): they are
   * written with their enclosing type.
   */
  @Test
  void noTwoImportableTypesShareASimpleName() throws IOException {
    Map<String, List<String>> topLevel = new TreeMap<>();
    List<Class<?>> nested = new ArrayList<>();
    for (PublishedModule module : PUBLISHED_MODULES) {
      for (Class<?> type : exportedTypes(module)) {
        if (isInternal(type)) {
          continue;
        }
        if (type.getDeclaringClass() == null) {
          topLevel
              .computeIfAbsent(type.getSimpleName(), k -> new ArrayList<>())
              .add(type.getName());
        } else {
          nested.add(type);
        }
      }
    }
    Map<String, List<String>> shared = new TreeMap<>();
    topLevel.forEach(
        (name, types) -> {
          if (types.size() > 1) {
            shared.put(name, types);
          }
        });
    for (Class<?> type : nested) {
      List<String> same = topLevel.get(type.getSimpleName());
      if (same != null) {
        List<String> all = new ArrayList<>(same);
        all.add(type.getName());
        shared.put(type.getSimpleName(), all);
      }
    }
    assertThat(shared).as("public types outside dev.majordomo.internal sharing a name").isEmpty();
  }

  @Test
  void renderingListsMembersWithTheirGenericSignatures() {
    String block = String.join("\n", ApiSignatures.block(Sample.class));
    assertThat(block)
        .isEqualTo(
            String.join(
                "\n",
                "public static final record dev.majordomo.api.ApiFilesTest$Sample<T extends"
                    + " java.lang.Comparable<T>>(java.util.List<T> items, int count)"
                    + " implements java.util.function.Supplier<T>",
                "  public static final java.lang.String NAME",
                "  public dev.majordomo.api.ApiFilesTest$Sample(java.util.List<T>, int)",
                "  public int count()",
                "  public final boolean equals(java.lang.Object)",
                "  public T get()",
                "  public final int hashCode()",
                "  public java.util.List<T> items()",
                "  public static <E extends java.lang.Exception> void rethrow(E) throws E",
                "  public static int sum(int...)",
                "  public final java.lang.String toString()"));
    assertThat(String.join("\n", ApiSignatures.block(SampleAnnotation.class)))
        .isEqualTo(
            String.join(
                "\n",
                "public static @interface dev.majordomo.api.ApiFilesTest$SampleAnnotation",
                "  public java.lang.String[] names() default {\"a\", \"b\"}",
                "  public java.lang.annotation.RetentionPolicy policy()"
                    + " default java.lang.annotation.RetentionPolicy.CLASS"));
  }

  /**
   * A public method of a package-private superclass can be called on its public subclass: it is
   * API, though the class files hold it only as a synthetic bridge in the subclass.
   */
  @Test
  void renderingListsWhatAPublicTypeInheritsFromAHiddenSuperclass() {
    assertThat(ApiSignatures.block(Exposed.class))
        .contains(
            "  public static final int LIMIT",
            "  public java.lang.String inherited(int)",
            "  public void own()")
        .containsOnlyOnce("  public java.lang.String overridden()");
  }

  abstract static class Hidden {
    public static final int LIMIT = 3;

    public String inherited(int times) {
      return "x".repeat(times);
    }

    public String overridden() {
      return "hidden";
    }

    void packagePrivate() {}
  }

  /** A public type with a hidden superclass; only for the rendering test. */
  public static final class Exposed extends Hidden {
    public void own() {}

    @Override
    public String overridden() {
      return "exposed";
    }
  }

  /** A record exercising what the notation must show; only for the rendering test. */
  public record Sample<T extends Comparable<T>>(List<T> items, int count)
      implements java.util.function.Supplier<T> {
    public static final String NAME = "sample";

    @Override
    public T get() {
      return items.isEmpty() ? null : items.get(0);
    }

    public static int sum(int... values) {
      int total = 0;
      for (int v : values) {
        total += v;
      }
      return total;
    }

    public static <E extends Exception> void rethrow(E error) throws E {
      throw error;
    }

    private void hidden() {
      Runnable lambda = () -> {};
      lambda.run();
    }

    void alsoHidden() {
      hidden();
    }
  }

  /** An annotation with defaults; only for the rendering test. */
  public @interface SampleAnnotation {
    String[] names() default {"a", "b"};

    java.lang.annotation.RetentionPolicy policy() default
        java.lang.annotation.RetentionPolicy.CLASS;
  }

  // ---- computing a module's API -------------------------------------------------------------

  /** Every type of the module visible outside its package, sorted by binary name. */
  static List<Class<?>> exportedTypes(PublishedModule module) throws IOException {
    Class<?> anchor;
    try {
      anchor = Class.forName(module.anchorClass(), false, ApiFilesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          module.artifactId() + ": its class " + module.anchorClass() + " is not on the test path",
          e);
    }
    Path location;
    try {
      location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(module.artifactId() + ": unreadable class location", e);
    }
    List<Class<?>> types = new ArrayList<>();
    for (String name : classNames(location)) {
      Class<?> type;
      try {
        type = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(module.artifactId() + ": cannot load " + name, e);
      }
      if (ApiSignatures.isExported(type)) {
        types.add(type);
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    return types;
  }

  /** The binary names of the classes in a classes directory or a jar. */
  private static List<String> classNames(Path location) throws IOException {
    List<String> entries = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files
            .filter(Files::isRegularFile)
            .map(p -> location.relativize(p).toString().replace('\\', '/'))
            .forEach(entries::add);
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().filter(e -> !e.isDirectory()).map(e -> e.getName()).forEach(entries::add);
      }
    }
    List<String> names = new ArrayList<>();
    for (String entry : entries) {
      if (entry.endsWith(".class")
          && !entry.startsWith("META-INF/")
          && !entry.endsWith("module-info.class")
          && !entry.endsWith("package-info.class")) {
        names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
      }
    }
    Collections.sort(names);
    return names;
  }

  static String render(PublishedModule module, List<Class<?>> types) {
    StringBuilder out = new StringBuilder();
    out.append("# The API of ")
        .append(module.artifactId())
        .append(": every public and protected type and member, from the compiled classes.\n")
        .append("# Checked by dev.majordomo.api.ApiFilesTest in the tests module; docs/api.md")
        .append(" explains the notation.\n")
        .append("# After an intended change, regenerate every API file from the repository root")
        .append(" with\n")
        .append("#   ")
        .append(UPDATE_COMMAND)
        .append("\n# and commit the result with the change.\n");
    List<Class<?>> api = types.stream().filter(t -> !isInternal(t)).toList();
    List<Class<?>> internal = types.stream().filter(ApiFilesTest::isInternal).toList();
    for (Class<?> type : api) {
      out.append('\n');
      ApiSignatures.block(type).forEach(line -> out.append(line).append('\n'));
    }
    if (!internal.isEmpty()) {
      out.append("\n# ==== NOT API: dev.majordomo.internal ====\n")
          .append("# Public only so that generated code and other packages of this project can")
          .append(" reach it; it may\n")
          .append("# change in any release. Listed because code generated against one runtime")
          .append(" version calls it.\n");
      for (Class<?> type : internal) {
        out.append('\n');
        ApiSignatures.block(type).forEach(line -> out.append(line).append('\n'));
      }
    }
    return out.toString();
  }

  private static boolean isInternal(Class<?> type) {
    return type.getName().startsWith(INTERNAL_PACKAGE);
  }

  // ---- reporting a mismatch -----------------------------------------------------------------

  private static final Pattern TYPE_NAME =
      Pattern.compile("(?:class|interface|enum|record|@interface) ([^\\s<(]+)");

  /** The lines added and removed, each member named with its type. */
  static String describeMismatch(
      PublishedModule module, Path file, String expected, String actual) {
    List<String> was = entries(expected);
    List<String> now = entries(actual);
    List<String> removed = minus(was, now);
    List<String> added = minus(now, was);
    StringBuilder message =
        new StringBuilder()
            .append(module.artifactId())
            .append(": the API differs from ")
            .append(file)
            .append(expected.isEmpty() ? " (missing)" : "");
    removed.forEach(line -> message.append("\n  - ").append(line));
    added.forEach(line -> message.append("\n  + ").append(line));
    if (removed.isEmpty() && added.isEmpty()) {
      message.append("\n  (same declarations; the file's comments, order or spacing differ)");
    }
    return message.toString();
  }

  /** A file's declarations: type lines as they are, member lines prefixed by their type's name. */
  private static List<String> entries(String text) {
    List<String> entries = new ArrayList<>();
    String type = "?";
    for (String line : text.split("\n", -1)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith(" ")) {
        entries.add(type + " :: " + line.strip());
      } else {
        Matcher m = TYPE_NAME.matcher(line);
        type = m.find() ? m.group(1) : line;
        entries.add(line);
      }
    }
    return entries;
  }

  /** {@code from} without one occurrence of each line of {@code other}, in order. */
  private static List<String> minus(List<String> from, List<String> other) {
    Map<String, Integer> counts = new HashMap<>();
    other.forEach(line -> counts.merge(line, 1, Integer::sum));
    List<String> left = new ArrayList<>();
    for (String line : from) {
      if (counts.getOrDefault(line, 0) > 0) {
        counts.merge(line, -1, Integer::sum);
      } else {
        left.add(line);
      }
    }
    return left;
  }

  @Test
  void aMismatchNamesTheModuleAndTheLinesAddedAndRemoved() {
    PublishedModule module = new PublishedModule("majordomo-x", "x.X");
    String expected =
        "# header\n\npublic final class x.X\n  public void gone()\n  public int kept()\n";
    String actual =
        "# header\n\npublic final class x.X\n  public int kept()\n  public void added()\n";
    assertThat(
            describeMismatch(module, Path.of("majordomo-x/api/majordomo-x.api"), expected, actual))
        .isEqualTo(
            "majordomo-x: the API differs from majordomo-x/api/majordomo-x.api\n"
                + "  - x.X :: public void gone()\n"
                + "  + x.X :: public void added()");
  }

  /** The repository root: the nearest directory up from the working directory with the modules. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("majordomo-runtime")) && Files.exists(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new UncheckedIOException(
        new IOException("no repository root above the working directory " + dir));
  }
}
