package dev.majordomo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the index of generated assistants that the annotation processor writes to {@value
 * #RESOURCE} in every module it compiles, so that a framework can find each assistant, and the tool
 * classes it names, without scanning the class path ({@code @Llm} is not kept at run time).
 *
 * <p>The format is UTF-8 text, one line per interface: its binary name, then a TAB and the
 * comma-separated binary names of its tool classes when it has any. Lines starting with {@code #}
 * are comments; blank lines are ignored.
 *
 * <pre>
 * # Majordomo assistants, written by the annotation processor; one line per interface
 * com.acme.SupportDesk	com.acme.OrderTools,com.acme.WeatherTools
 * com.acme.CityGuide
 * </pre>
 *
 * <p>A jar that merges other jars (shading, an uber-jar) must concatenate their indexes, as it does
 * {@code META-INF/services} files.
 */
public final class AssistantIndex {
  /** Where the processor writes the index, in the class output of each module. */
  public static final String RESOURCE = "META-INF/majordomo/assistants";

  private AssistantIndex() {}

  /**
   * Reads every {@value #RESOURCE} resource {@code loader} sees, one per jar or class folder, in
   * the class loader's order. An interface listed twice (a merged jar next to its parts) counts
   * once, as its first line says, just as the class loader would load the first class of a name.
   *
   * @param loader the class loader of the application
   * @return the indexed assistants; empty when no module has an index
   * @throws AssistantIndexException if a resource cannot be read or a line is malformed
   */
  public static List<IndexedAssistant> load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    Enumeration<URL> resources;
    try {
      resources = loader.getResources(RESOURCE);
    } catch (IOException e) {
      throw new AssistantIndexException(RESOURCE, 0, "cannot list the resources: " + e, e);
    }
    Map<String, IndexedAssistant> out = new LinkedHashMap<>();
    while (resources.hasMoreElements()) {
      URL url = resources.nextElement();
      for (IndexedAssistant assistant : read(url)) {
        out.putIfAbsent(assistant.interfaceName(), assistant);
      }
    }
    return List.copyOf(out.values());
  }

  private static List<IndexedAssistant> read(URL url) {
    try {
      URLConnection connection = url.openConnection();
      // as ServiceLoader does: a cached jar file would stay open, and locked on Windows
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream()) {
        return parse(
            url.toString(),
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
      }
    } catch (CharacterCodingException e) {
      throw new AssistantIndexException(url.toString(), 0, "not UTF-8 text: " + e, e);
    } catch (IOException e) {
      throw new AssistantIndexException(url.toString(), 0, "cannot be read: " + e, e);
    }
  }

  /** The entries of one index; {@code resource} names it in errors. */
  static List<IndexedAssistant> parse(String resource, Reader text) throws IOException {
    List<IndexedAssistant> out = new ArrayList<>();
    BufferedReader reader = new BufferedReader(text);
    int number = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      out.add(entry(resource, number, line));
    }
    return out;
  }

  private static IndexedAssistant entry(String resource, int number, String line) {
    int tab = line.indexOf('\t');
    String name = tab < 0 ? line : line.substring(0, tab);
    checkName(resource, number, name, "interface name");
    if (tab < 0) {
      return new IndexedAssistant(name, List.of());
    }
    String tools = line.substring(tab + 1);
    if (tools.isEmpty()) {
      throw malformed(
          resource, number, "a TAB without tool classes; a line without tools has no TAB");
    }
    if (tools.indexOf('\t') >= 0) {
      throw malformed(resource, number, "more than one TAB");
    }
    List<String> names = new ArrayList<>();
    for (String tool : tools.split(",", -1)) {
      checkName(resource, number, tool, "tool class name");
      if (!names.contains(tool)) {
        names.add(tool);
      }
    }
    return new IndexedAssistant(name, names);
  }

  /** A binary name: identifiers separated by dots ({@code $} is an identifier character). */
  private static void checkName(String resource, int number, String name, String what) {
    if (name.isEmpty()) {
      throw malformed(resource, number, "an empty " + what);
    }
    for (String part : name.split("\\.", -1)) {
      boolean valid = !part.isEmpty() && Character.isJavaIdentifierStart(part.codePointAt(0));
      for (int i = 0; valid && i < part.length(); i += Character.charCount(part.codePointAt(i))) {
        valid = Character.isJavaIdentifierPart(part.codePointAt(i));
      }
      if (!valid) {
        String hint =
            name.indexOf(' ') >= 0
                ? " (tool classes follow the interface after a TAB, not a space)"
                : "";
        throw malformed(resource, number, "\"" + name + "\" is not a valid " + what + hint);
      }
    }
  }

  private static AssistantIndexException malformed(String resource, int number, String problem) {
    return new AssistantIndexException(
        resource,
        number,
        "malformed line: "
            + problem
            + ". Each line holds an interface's binary name, then optionally a TAB and its tool"
            + " classes' binary names, comma-separated; the annotation processor writes this file:"
            + " rebuild rather than edit it.",
        null);
  }
}
