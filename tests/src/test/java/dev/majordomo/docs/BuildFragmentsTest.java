package dev.majordomo.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Maven ({@code ```xml}) and Gradle ({@code ```kotlin}, {@code ```groovy}, {@code ```gradle})
 * blocks of {@code README.md} and {@code docs/}: a {@code dev.majordomo} artifact is one the build
 * publishes (a module of the reactor without {@code maven.install.skip}), at the project's version
 * — written, through a property the docs define, as a Gradle variable, or left to the BOM the page
 * imports; any other artifact names a concrete version, the build's own when the build uses it.
 */
class BuildFragmentsTest {

  private static final Path ROOT = DocSnippetsTest.root();

  @Test
  void everyBuildFragmentNamesPublishedArtifactsAtTheProjectVersion() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    List<Fence> all = new ArrayList<>();
    for (Path page : DocSnippetsTest.pages()) {
      all.addAll(Fence.read(ROOT, page));
    }
    Map<String, String> defined = BuildFragments.definedProperties(all);
    List<String> problems = new ArrayList<>();
    int coordinates = 0;
    for (Path page : DocSnippetsTest.pages()) {
      List<Fence> fences = Fence.read(ROOT, page);
      problems.addAll(BuildFragments.problems(fences, build, defined));
      coordinates +=
          (int)
              fences.stream()
                  .filter(f -> !f.language().equals("java"))
                  .flatMap(f -> f.lines().stream())
                  .filter(l -> l.contains(BuildFragments.GROUP))
                  .count();
    }
    assertThat(problems).isEmpty();
    assertThat(coordinates).as("lines naming dev.majordomo in build fragments").isGreaterThan(5);
  }

  @Test
  void theBuildPublishesTheCoreAndNotTheTests() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    assertThat(build.published())
        .contains("majordomo-bom", "majordomo-runtime", "majordomo-processor", "majordomo-testing")
        .doesNotContain("majordomo-tests", "majordomo-examples", "majordomo-benchmarks");
    assertThat(build.version()).isNotBlank();
    assertThat(build.versions()).containsKey("org.apache.maven.plugins:maven-compiler-plugin");
  }

  @Test
  void aFragmentWithAnUnpublishedArtifactOrAnotherVersionIsReported() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    String page =
        String.join(
            "\n",
            "```xml",
            "<dependency>",
            "  <groupId>dev.majordomo</groupId>",
            "  <artifactId>majordomo-tests</artifactId>",
            "  <version>0.0.1</version>",
            "</dependency>",
            "<plugin>",
            "  <groupId>org.example</groupId>",
            "  <artifactId>some-plugin</artifactId>",
            "  <version>LATEST</version>",
            "</plugin>",
            "```",
            "",
            "```kotlin",
            "implementation(platform(\"dev.majordomo:majordomo-bom:9.9.9\"))",
            "annotationProcessor(\"dev.majordomo:majordomo-processor\")",
            "testImplementation(\"dev.majordomo:majordomo-testing:$majordomoVersion\")",
            "```",
            "",
            "```groovy",
            "implementation group: 'dev.majordomo', name: 'majordomo-examples', version: '"
                + build.version()
                + "'",
            "```");
    Map<String, String> otherPages =
        BuildFragments.definedProperties(
            Fence.parse(
                "page/other.md",
                "```kotlin\nval majordomoVersion = \"" + build.version() + "\"\n```"));
    List<String> problems =
        BuildFragments.problems(Fence.parse("page/x.md", page), build, otherPages);
    assertThat(problems)
        .hasSize(5)
        .anySatisfy(
            p -> assertThat(p).startsWith("page/x.md:1: dev.majordomo:majordomo-tests is not"))
        .anySatisfy(p -> assertThat(p).contains("majordomo-tests at version '0.0.1'"))
        .anySatisfy(p -> assertThat(p).contains("org.example:some-plugin needs a concrete version"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("page/x.md:15: dev.majordomo:majordomo-bom at version '9.9.9'"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "page/x.md:21: dev.majordomo:majordomo-examples is not an artifact"));
  }

  @Test
  void aWholePomWithItsXmlDeclarationIsReadAndItsOwnPropertiesResolveVersions() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    String page =
        String.join(
            "\n",
            "```xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
            "  <groupId>com.example</groupId>",
            "  <artifactId>app</artifactId>",
            "  <properties>",
            "    <junit.version>0.0.1</junit.version>",
            "  </properties>",
            "  <dependencyManagement><dependencies><dependency>",
            "    <groupId>org.junit</groupId>",
            "    <artifactId>junit-bom</artifactId>",
            "    <version>${junit.version}</version>",
            "    <type>pom</type>",
            "    <scope>import</scope>",
            "  </dependency></dependencies></dependencyManagement>",
            "</project>",
            "```");
    List<Fence> fences = Fence.parse("page/pom.md", page);
    assertThat(BuildFragments.problems(fences, build, BuildFragments.definedProperties(fences)))
        .singleElement()
        .asString()
        .startsWith("page/pom.md:1: org.junit:junit-bom at 0.0.1, but the build uses");
  }

  @Test
  void aGradleVariableMustHoldTheProjectVersion() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    String page =
        String.join(
            "\n",
            "```kotlin",
            "val majordomoVersion = \"0.0.9\"",
            "implementation(platform(\"dev.majordomo:majordomo-bom:$majordomoVersion\"))",
            "annotationProcessor(\"dev.majordomo:majordomo-processor:${otherVersion}\")",
            "testImplementation(platform(\"org.junit:junit-bom:0.0.2\"))",
            "```");
    List<Fence> fences = Fence.parse("page/gradle.md", page);
    assertThat(BuildFragments.problems(fences, build, BuildFragments.definedProperties(fences)))
        .satisfiesExactlyInAnyOrder(
            p ->
                assertThat(p)
                    .startsWith(
                        "page/gradle.md:3: dev.majordomo:majordomo-bom at version"
                            + " '$majordomoVersion' ('0.0.9')"),
            p ->
                assertThat(p)
                    .startsWith(
                        "page/gradle.md:4: dev.majordomo:majordomo-processor at version"
                            + " '${otherVersion}', a variable no page defines"),
            p -> assertThat(p).startsWith("page/gradle.md:5: org.junit:junit-bom at 0.0.2, but"));
  }

  /**
   * Maven resolves an annotation processor path on its own (no dependency management, hence no BOM,
   * unless annotationProcessorPathsUseDepMgmt is set), and a BOM manages versions only when it is
   * imported.
   */
  @Test
  void aProcessorPathWithoutVersionAndABomThatIsNotImportedAreReported() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    String page =
        String.join(
            "\n",
            "```xml",
            "<dependencyManagement><dependencies><dependency>",
            "  <groupId>dev.majordomo</groupId>",
            "  <artifactId>majordomo-bom</artifactId>",
            "  <version>" + build.version() + "</version>",
            "  <type>pom</type>",
            "</dependency></dependencies></dependencyManagement>",
            "<dependencies><dependency>",
            "  <groupId>dev.majordomo</groupId>",
            "  <artifactId>majordomo-runtime</artifactId>",
            "</dependency></dependencies>",
            "<annotationProcessorPaths><path>",
            "  <groupId>dev.majordomo</groupId>",
            "  <artifactId>majordomo-processor</artifactId>",
            "</path></annotationProcessorPaths>",
            "```");
    assertThat(BuildFragments.problems(Fence.parse("page/z.md", page), build, Map.of()))
        .satisfiesExactlyInAnyOrder(
            p ->
                assertThat(p)
                    .startsWith(
                        "page/z.md:1: dev.majordomo:majordomo-bom is not imported"
                            + " (<type>pom</type> and <scope>import</scope>"),
            p ->
                assertThat(p)
                    .startsWith("page/z.md:1: dev.majordomo:majordomo-runtime has no version"),
            p ->
                assertThat(p)
                    .startsWith(
                        "page/z.md:1: dev.majordomo:majordomo-processor is an annotation"
                            + " processor path without a version"));
  }

  @Test
  void aMisspelledGroupIsNotTakenForAnotherLibrary() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    String page =
        String.join(
            "\n",
            "```xml",
            "<dependency>",
            "  <groupId>dev.majordomo.runtime</groupId>",
            "  <artifactId>majordomo-runtime</artifactId>",
            "  <version>" + build.version() + "</version>",
            "</dependency>",
            "```",
            "```kotlin",
            "implementation(\"dev.majordomo-java:majordomo-runtime:1.0\")",
            "```");
    assertThat(BuildFragments.problems(Fence.parse("page/g.md", page), build, Map.of()))
        .containsExactly(
            "page/g.md:1: dev.majordomo.runtime:majordomo-runtime looks like Majordomo, whose"
                + " groupId is dev.majordomo",
            "page/g.md:9: dev.majordomo-java:majordomo-runtime looks like Majordomo, whose"
                + " groupId is dev.majordomo");
  }

  @Test
  void aPropertyVersionIsReadFromTheDocsAndTheBomMakesVersionsOptional() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    String page =
        String.join(
            "\n",
            "```xml",
            "<dependency>",
            "  <groupId>dev.majordomo</groupId>",
            "  <artifactId>majordomo-bom</artifactId>",
            "  <version>${majordomo.version}</version>",
            "  <type>pom</type>",
            "  <scope>import</scope>",
            "</dependency>",
            "<dependency>",
            "  <groupId>dev.majordomo</groupId>",
            "  <artifactId>majordomo-runtime</artifactId>",
            "</dependency>",
            "```");
    List<Fence> fences = Fence.parse("page/y.md", page);
    assertThat(BuildFragments.problems(fences, build, Map.of("majordomo.version", build.version())))
        .isEmpty();
    assertThat(BuildFragments.problems(fences, build, Map.of("majordomo.version", "0.0.0")))
        .singleElement()
        .asString()
        .contains("at version '${majordomo.version}' ('0.0.0')");
  }

  @Test
  void aWholePomWithItsDeclarationDefinesTheVersionsItUses() {
    BuildFragments.Build build = BuildFragments.read(ROOT);
    String page =
        String.join(
            "\n",
            "```xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<project>",
            "  <properties>",
            "    <example.version>1.2.3</example.version>",
            "  </properties>",
            "  <dependencies>",
            "    <dependency>",
            "      <groupId>org.example</groupId>",
            "      <artifactId>example</artifactId>",
            "      <version>${example.version}</version>",
            "    </dependency>",
            "    <dependency>",
            "      <groupId>org.example</groupId>",
            "      <artifactId>other</artifactId>",
            "      <version>${undefined.version}</version>",
            "    </dependency>",
            "  </dependencies>",
            "</project>",
            "```");
    List<Fence> fences = Fence.parse("page/z.md", page);
    Map<String, String> defined = BuildFragments.definedProperties(fences);
    assertThat(defined).containsEntry("example.version", "1.2.3");
    assertThat(BuildFragments.problems(fences, build, defined))
        .singleElement()
        .asString()
        .contains("org.example:other needs a concrete version, not '${undefined.version}'");
  }
}
