package dev.majordomo.processor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;

/**
 * Reads descriptions from Javadoc, the fallback when there is no {@code @Description}. Only sources
 * in the current compilation have Javadoc to read.
 */
final class Javadoc {
  private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@(\\w+)");
  private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s+([^}]*)}");
  private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");

  private final Elements elements;

  Javadoc(Elements elements) {
    this.elements = elements;
  }

  /** The main description (the text before the first block tag), if there is one. */
  Optional<String> description(Element element) {
    String doc = elements.getDocComment(element);
    if (doc == null) {
      return Optional.empty();
    }
    Matcher tag = BLOCK_TAG.matcher(doc);
    String main = tag.find() ? doc.substring(0, tag.start()) : doc;
    return clean(main);
  }

  /** The text of {@code @param name} in the Javadoc of {@code element}, if there is one. */
  Optional<String> param(Element element, String name) {
    String doc = elements.getDocComment(element);
    if (doc == null) {
      return Optional.empty();
    }
    Matcher m = Pattern.compile("(?m)^\\s*@param\\s+" + Pattern.quote(name) + "\\s").matcher(doc);
    if (!m.find()) {
      return Optional.empty();
    }
    String rest = doc.substring(m.end());
    Matcher next = BLOCK_TAG.matcher(rest);
    return clean(next.find() ? rest.substring(0, next.start()) : rest);
  }

  private static Optional<String> clean(String text) {
    String s = INLINE_TAG.matcher(text).replaceAll("$1");
    s = HTML_TAG.matcher(s).replaceAll("");
    s = s.replaceAll("\\s+", " ").strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
