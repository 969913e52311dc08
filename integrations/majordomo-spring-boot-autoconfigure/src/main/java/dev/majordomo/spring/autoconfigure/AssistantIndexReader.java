package dev.majordomo.spring.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every {@code META-INF/majordomo/assistants} resource of a class loader: the annotation
 * processor writes one per compilation, one line per generated assistant (its binary name, then a
 * tab and the comma-separated binary names of its tool classes when it has any; {@code #} starts a
 * comment). An interface listed by several jars is read once, with the tools of every line.
 */
final class AssistantIndexReader {
  static final String RESOURCE = "META-INF/majordomo/assistants";

  private AssistantIndexReader() {}

  /** Tool class names by assistant interface name, in class-path order. */
  static Map<String, Set<String>> read(ClassLoader loader) {
    Map<String, Set<String>> assistants = new LinkedHashMap<>();
    try {
      Enumeration<URL> resources = loader.getResources(RESOURCE);
      while (resources.hasMoreElements()) {
        URL url = resources.nextElement();
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
          parse(in.lines().toList(), assistants);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return assistants;
  }

  static void parse(List<String> lines, Map<String, Set<String>> into) {
    for (String raw : lines) {
      int comment = raw.indexOf('#');
      String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      String name = (tab < 0 ? line : line.substring(0, tab)).strip();
      Set<String> tools = into.computeIfAbsent(name, k -> new LinkedHashSet<>());
      if (tab >= 0) {
        for (String tool : line.substring(tab + 1).split(",")) {
          if (!tool.isBlank()) {
            tools.add(tool.strip());
          }
        }
      }
    }
  }
}
