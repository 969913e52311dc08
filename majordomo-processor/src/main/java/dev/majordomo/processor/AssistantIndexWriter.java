package dev.majordomo.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@value #PATH}, the list of the assistants this module's compilations generated, with the
 * tool classes each names: what a framework (the Spring Boot starter) reads to register assistants
 * without scanning the class path, since {@code @Llm} is gone at run time.
 *
 * <p>One line per interface, sorted, so that the file is reproducible: its binary name, then a TAB
 * and the sorted binary names of its tool classes, comma-separated, when it has any. Lines starting
 * with {@code #} are comments.
 *
 * <p>A compilation may see only some of the module's sources (an IDE or Gradle recompiling what
 * changed), so the index in the class output is read first and its other entries kept, as long as
 * their interface still exists and still carries {@code @Llm}. The file is written once, when
 * processing is over, and only when it would say something: never an index without entries where
 * there was none.
 */
final class AssistantIndexWriter {
  static final String PATH = "META-INF/majordomo/assistants";

  static final String HEADER =
      "# Majordomo assistants, written by the annotation processor; one line per interface";

  private final Elements elements;

  /** Interfaces generated in this compilation → their tool classes, by binary name. */
  private final Map<String, SortedSet<String>> generated = new TreeMap<>();

  /** Every interface this compilation worked on, by binary name, generated or not. */
  private final Set<String> processed = new HashSet<>();

  AssistantIndexWriter(Elements elements) {
    this.elements = elements;
  }

  /** Notes that this compilation worked on {@code type}: its earlier entry, if any, is replaced. */
  void processed(TypeElement type) {
    processed.add(binaryName(type));
  }

  /** Records that {@code model}'s implementation was generated (or is already up to date). */
  void generated(AssistantModel model) {
    SortedSet<String> tools = new TreeSet<>();
    for (ToolSource source : model.toolSources()) {
      if (!source.self()) {
        tools.add(binaryName(source.element()));
      }
    }
    String name = binaryName(model.element());
    processed.add(name);
    generated.put(name, tools);
  }

  /** An interface generated in this compilation, where to report a failure; null when none. */
  TypeElement anyGenerated() {
    return generated.isEmpty() ? null : type(generated.keySet().iterator().next());
  }

  /**
   * Writes the index, merged with the one an earlier compilation left in the class output; does
   * nothing when the text would not change, or when neither has an entry.
   */
  void write(Filer filer) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    String earlier = read(filer);
    boolean earlierHadEntries = false;
    for (String line : earlier == null ? List.<String>of() : earlier.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      earlierHadEntries = true;
      int tab = line.indexOf('\t');
      String name = (tab < 0 ? line : line.substring(0, tab)).strip();
      if (!processed.contains(name) && stillAnAssistant(name)) {
        entries.put(name, line.strip());
      }
    }
    generated.forEach((name, tools) -> entries.put(name, line(name, tools)));
    if (entries.isEmpty() && !earlierHadEntries) {
      return;
    }
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    entries.values().forEach(line -> text.append(line).append('\n'));
    if (text.toString().equals(earlier)) {
      return;
    }
    FileObject out =
        filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH, originating(entries));
    try (OutputStream stream = out.openOutputStream()) {
      stream.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String line(String name, SortedSet<String> tools) {
    return tools.isEmpty() ? name : name + '\t' + String.join(",", tools);
  }

  /**
   * The index an earlier compilation wrote, or null. {@link Filer#getResource} may hand out a file
   * that does not exist: opening it fails then, which means the same.
   */
  private static String read(Filer filer) {
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
      try (InputStream in = file.openInputStream();
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        StringBuilder text = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          text.append(line).append('\n');
        }
        return text.toString();
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return null;
    }
  }

  /**
   * Whether an entry of an earlier compilation still stands for an assistant: its interface exists
   * (a deleted file leaves a stale entry otherwise) and carries {@code @Llm} on itself or a method.
   */
  private boolean stillAnAssistant(String binaryName) {
    TypeElement type = type(binaryName);
    if (type == null) {
      return false;
    }
    if (Annotations.find(type, Annotations.LLM).isPresent()) {
      return true;
    }
    for (Element member : type.getEnclosedElements()) {
      if (Annotations.find(member, Annotations.LLM).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The type of {@code binaryName}. The compiler looks types up by canonical name, which differs
   * for nested types ({@code a.Outer$Inner} is {@code a.Outer.Inner}); a {@code $} may also be part
   * of a name, so the candidate must give back the same binary name.
   */
  private TypeElement type(String binaryName) {
    for (String canonical : List.of(binaryName.replace('$', '.'), binaryName)) {
      TypeElement type;
      try {
        type = elements.getTypeElement(canonical);
      } catch (RuntimeException e) {
        type = null;
      }
      if (type != null && binaryName(type).equals(binaryName)) {
        return type;
      }
    }
    return null;
  }

  /** Every interface of the index: the file depends on each of them. */
  private Element[] originating(Map<String, String> entries) {
    List<Element> out = new ArrayList<>();
    for (String name : entries.keySet()) {
      TypeElement type = type(name);
      if (type != null) {
        out.add(type);
      }
    }
    return out.toArray(Element[]::new);
  }

  private String binaryName(TypeElement type) {
    return elements.getBinaryName(type).toString();
  }
}
