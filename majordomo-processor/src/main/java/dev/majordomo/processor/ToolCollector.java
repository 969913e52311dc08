package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * The tool sources of one assistant: each class listed in {@code @Llm(tools = ...)} validated once,
 * however many methods list it, with where it was first listed, so that two tools of the same name
 * are reported where the second was listed.
 */
final class ToolCollector {
  /** Where a tool source was listed; absent for the assistant's own default-method tools. */
  private record Listing(Optional<AnnotationSite> site, Optional<AnnotationValue> value) {
    static final Listing SELF = new Listing(Optional.empty(), Optional.empty());
  }

  private final Reporter reporter;
  private final Annotations annotations;
  private final ToolValidator validator;
  private final Map<String, Optional<ToolSource>> byClass = new LinkedHashMap<>();
  private final Map<ToolSource, Listing> listings = new LinkedHashMap<>();

  ToolCollector(ProcessingContext context, ToolValidator validator) {
    this.reporter = context.reporter();
    this.annotations = context.annotations();
    this.validator = validator;
  }

  /** The valid tool sources that {@code llm} (on {@code element}) lists, each once, in order. */
  List<ToolSource> listed(Element element, Optional<AnnotationMirror> llm) {
    List<ToolSource> out = new ArrayList<>();
    if (llm.isEmpty()) {
      return out;
    }
    for (AnnotationValue value : annotations.array(llm.get(), "tools")) {
      TypeMirror t = Annotations.typeOf(value);
      String key = t == null ? String.valueOf(value) : t.toString();
      Optional<ToolSource> source = byClass.get(key);
      if (source == null) {
        source = validator.toolClass(t, element, llm.get(), value);
        byClass.put(key, source);
        source.ifPresent(
            s ->
                listings.put(
                    s,
                    new Listing(
                        Optional.of(new AnnotationSite(element, llm.get())), Optional.of(value))));
      }
      source.filter(s -> !out.contains(s)).ifPresent(out::add);
    }
    return out;
  }

  /** Adds the assistant's own default-method tools, which no annotation lists. */
  void addSelf(ToolSource self) {
    listings.put(self, Listing.SELF);
  }

  /** Every tool source collected so far, in the order first seen. */
  List<ToolSource> all() {
    return new ArrayList<>(listings.keySet());
  }

  /** Reports every tool whose name an earlier tool of {@code assistant} already has. */
  void checkDuplicateNames(TypeElement assistant) {
    Map<String, ToolModel> seen = new LinkedHashMap<>();
    Map<String, ToolSource> seenSource = new LinkedHashMap<>();
    for (Map.Entry<ToolSource, Listing> listing : listings.entrySet()) {
      ToolSource s = listing.getKey();
      for (ToolModel t : s.tools()) {
        ToolModel first = seen.putIfAbsent(t.name(), t);
        if (first == null) {
          seenSource.put(t.name(), s);
          continue;
        }
        ToolSource firstSource = seenSource.get(t.name());
        Object[] args = {
          assistant.getSimpleName(), t.name(), describe(firstSource, first), describe(s, t)
        };
        Optional<AnnotationSite> site = listing.getValue().site();
        if (firstSource == s || site.isEmpty()) {
          reporter.report(Diagnostic.DUPLICATE_TOOL_NAME, t.element(), args);
        } else {
          reporter.report(
              Diagnostic.DUPLICATE_TOOL_NAME,
              site.get().element(),
              site.get().annotation(),
              listing.getValue().value().orElse(null),
              args);
        }
      }
    }
  }

  private static String describe(ToolSource s, ToolModel t) {
    return ElementText.method(s.element(), t.element());
  }
}
