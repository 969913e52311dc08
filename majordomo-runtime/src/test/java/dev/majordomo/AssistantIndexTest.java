package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssistantIndexTest {
  @TempDir Path dir;

  interface Desk {}

  static final class OrderTools {}

  static final class WeatherTools {}

  @Test
  void readsTheIndexOfEveryFolderAndJarInTheClassLoadersOrder() throws IOException {
    Path classes =
        folder(
            "classes",
            "# Majordomo assistants, written by the annotation processor; one line per interface\n"
                + "com.acme.SupportDesk\tcom.acme.OrderTools,com.acme.WeatherTools\n"
                + "com.acme.CityGuide\n");
    Path jar = jar("lib.jar", "# a comment\n\ncom.lib.Outer$Inner\tcom.lib.Tools\n");
    try (URLClassLoader loader = loader(classes, jar)) {
      assertThat(AssistantIndex.load(loader))
          .containsExactly(
              new IndexedAssistant(
                  "com.acme.SupportDesk", List.of("com.acme.OrderTools", "com.acme.WeatherTools")),
              new IndexedAssistant("com.acme.CityGuide", List.of()),
              new IndexedAssistant("com.lib.Outer$Inner", List.of("com.lib.Tools")));
    }
  }

  @Test
  void anInterfaceListedByTwoResourcesCountsOnceAsTheFirstSays() throws IOException {
    Path first = folder("first", "com.acme.Desk\tcom.acme.NewTools\n");
    Path merged = jar("merged.jar", "com.acme.Desk\tcom.acme.OldTools\ncom.acme.Guide\n");
    try (URLClassLoader loader = loader(first, merged)) {
      assertThat(AssistantIndex.load(loader))
          .containsExactly(
              new IndexedAssistant("com.acme.Desk", List.of("com.acme.NewTools")),
              new IndexedAssistant("com.acme.Guide", List.of()));
    }
  }

  @Test
  void noIndexMeansNoAssistants() throws IOException {
    try (URLClassLoader loader = loader(Files.createDirectories(dir.resolve("empty")))) {
      assertThat(AssistantIndex.load(loader)).isEmpty();
    }
  }

  @Test
  void toleratesWindowsLineEndings() throws IOException {
    Path classes =
        folder("crlf", "# header\r\ncom.acme.Desk\tcom.acme.Tools\r\ncom.acme.Guide\r\n");
    try (URLClassLoader loader = loader(classes)) {
      assertThat(AssistantIndex.load(loader))
          .containsExactly(
              new IndexedAssistant("com.acme.Desk", List.of("com.acme.Tools")),
              new IndexedAssistant("com.acme.Guide", List.of()));
    }
  }

  @Test
  void aSpaceInsteadOfATabIsRejectedWithTheUrlAndLine() throws IOException {
    Path classes = folder("space", "# header\ncom.acme.Guide\ncom.acme.Desk com.acme.Tools\n");
    try (URLClassLoader loader = loader(classes)) {
      String url = index(classes);
      assertThatThrownBy(() -> AssistantIndex.load(loader))
          .isInstanceOfSatisfying(
              AssistantIndexException.class,
              e -> {
                assertThat(e.resource()).isEqualTo(url);
                assertThat(e.line()).hasValue(3);
              })
          .hasMessageStartingWith(url + ":3: malformed line: ")
          .hasMessageContaining("\"com.acme.Desk com.acme.Tools\" is not a valid interface name")
          .hasMessageContaining("after a TAB, not a space");
    }
  }

  @Test
  void rejectsEveryMalformedShape() throws IOException {
    assertMalformed("com.acme.Desk\t\n", "a TAB without tool classes");
    assertMalformed("com.acme.Desk\tcom.acme.A\tcom.acme.B\n", "more than one TAB");
    assertMalformed("com.acme.Desk\tcom.acme.A,,com.acme.B\n", "an empty tool class name");
    assertMalformed("com.acme.Desk\tcom.acme.A,\n", "an empty tool class name");
    assertMalformed("\tcom.acme.A\n", "an empty interface name");
    assertMalformed("com..Desk\n", "\"com..Desk\" is not a valid interface name");
    assertMalformed("com.acme.1Desk\n", "\"com.acme.1Desk\" is not a valid interface name");
    assertMalformed(
        "com.acme.Desk\tcom.acme.Tools.\n", "\"com.acme.Tools.\" is not a valid tool class name");
  }

  private void assertMalformed(String text, String problem) throws IOException {
    Path classes = folder("case" + text.hashCode(), "# header\n" + text);
    try (URLClassLoader loader = loader(classes)) {
      assertThatThrownBy(() -> AssistantIndex.load(loader))
          .as("%s", text)
          .isInstanceOf(AssistantIndexException.class)
          .hasMessageStartingWith(index(classes) + ":2: malformed line: " + problem);
    }
  }

  @Test
  void textThatIsNotUtf8IsRejectedWithTheUrl() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("latin1"));
    Path file = classes.resolve(AssistantIndex.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {'c', 'o', 'm', '.', (byte) 0xE9, '\n'});
    try (URLClassLoader loader = loader(classes)) {
      assertThatThrownBy(() -> AssistantIndex.load(loader))
          .isInstanceOfSatisfying(
              AssistantIndexException.class, e -> assertThat(e.line()).isEmpty())
          .hasMessageStartingWith(index(classes) + ": not UTF-8 text");
    }
  }

  @Test
  void resolvesTheInterfaceAndItsToolClassesWithoutInitializingThem() {
    IndexedAssistant entry =
        new IndexedAssistant(
            Desk.class.getName(),
            List.of(OrderTools.class.getName(), WeatherTools.class.getName()));
    ClassLoader loader = getClass().getClassLoader();
    assertThat(entry.interfaceName()).isEqualTo("dev.majordomo.AssistantIndexTest$Desk");
    assertThat(entry.interfaceClass(loader)).isEqualTo(Desk.class);
    assertThat(entry.toolClasses(loader)).containsExactly(OrderTools.class, WeatherTools.class);
  }

  @Test
  void aStaleEntryFailsWithTheNamesOfTheClassAndTheAssistant() {
    ClassLoader loader = getClass().getClassLoader();
    assertThatThrownBy(
            () -> new IndexedAssistant("com.acme.Gone", List.of()).interfaceClass(loader))
        .isInstanceOf(MajordomoException.class)
        .hasMessageStartingWith("The assistant index lists com.acme.Gone, but the class loader")
        .hasMessageContaining("rebuild the module that declares com.acme.Gone");
    assertThatThrownBy(
            () ->
                new IndexedAssistant(Desk.class.getName(), List.of("com.acme.GoneTools"))
                    .toolClasses(loader))
        .isInstanceOf(MajordomoException.class)
        .hasMessageStartingWith(
            "The assistant index lists com.acme.GoneTools as a tool class of "
                + Desk.class.getName());
    assertThatThrownBy(
            () ->
                new IndexedAssistant(OrderTools.class.getName(), List.of()).interfaceClass(loader))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("but it is not an interface");
  }

  @Test
  void anEntryIsAValue() {
    List<String> tools = new java.util.ArrayList<>(List.of("com.acme.Tools"));
    IndexedAssistant entry = new IndexedAssistant("com.acme.Desk", tools);
    tools.clear();
    assertThat(entry.toolClassNames()).containsExactly("com.acme.Tools");
    assertThatThrownBy(() -> entry.toolClassNames().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private Path folder(String name, String index) throws IOException {
    Path classes = Files.createDirectories(dir.resolve(name));
    Path file = classes.resolve(AssistantIndex.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, index, StandardCharsets.UTF_8);
    return classes;
  }

  private Path jar(String name, String index) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream stream = new JarOutputStream(out)) {
      stream.putNextEntry(new JarEntry(AssistantIndex.RESOURCE));
      stream.write(index.getBytes(StandardCharsets.UTF_8));
      stream.closeEntry();
    }
    return jar;
  }

  private static String index(Path classes) throws IOException {
    return classes.resolve(AssistantIndex.RESOURCE).toUri().toURL().toString();
  }

  /** Only the given roots: the parent (the platform loader) has no index. */
  private static URLClassLoader loader(Path... roots) throws IOException {
    URL[] urls = new URL[roots.length];
    for (int i = 0; i < roots.length; i++) {
      urls[i] = roots[i].toUri().toURL();
    }
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }
}
